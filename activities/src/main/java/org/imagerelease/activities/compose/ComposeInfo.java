package org.imagerelease.activities.compose;

/**
 * The compose an {@code images.json} describes ({@code payload.compose}).
 *
 * @param id e.g. {@code Fedora-41-20241027.0}
 * @param date {@code YYYYMMDD}
 * @param type {@code production}, {@code nightly}, {@code test}, ...
 * @param respin respin number of that date
 */
public record ComposeInfo(String id, String date, String type, int respin) {}
