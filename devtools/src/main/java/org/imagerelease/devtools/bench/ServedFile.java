package org.imagerelease.devtools.bench;

import java.net.URI;

/** A benchmark file and where the loopback server serves it. */
record ServedFile(BenchFile image, URI url) {}
