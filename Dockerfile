# syntax=docker/dockerfile:1
# The production image-release command line (worker, consume, status, approve ...) as one image:
# starter's jar, without the demo, the embedded Temporal server or the local stand-ins (devtools).
# Build: docker build -t image-release:local .   (docker compose builds it for the stack)

# Build stage: the CLI module and what it needs from the reactor; tests run in CI, not here.
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY workflows workflows
COPY activities activities
COPY worker worker
# Maven reads every module's POM, but builds only starter and what it depends on: neither of these.
COPY localcloud localcloud
COPY devtools devtools
COPY starter starter
# The Maven repository lives in a build cache, so a source change does not download it again.
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package -pl starter -am

# Runtime stage: a JRE and the production jar, run as an unprivileged user.
FROM eclipse-temurin:17.0.13_11-jre-jammy
RUN groupadd --system --gid 10001 image-release \
    && useradd --system --uid 10001 --gid image-release --home-dir /var/lib/image-release --create-home image-release \
    && mkdir -p /srv/mirror /etc/image-release \
    && chown image-release:image-release /srv/mirror
# A named volume mounted on /srv/mirror starts with this directory's owner, so the worker can
# write its mirror tree there.
COPY --from=build /src/starter/target/image-release-worker.jar /opt/image-release/image-release-worker.jar
USER image-release
WORKDIR /var/lib/image-release
# The heap follows the container's memory limit (60 % of it; the transfers' memory budget is half
# the heap, and decoders, threads and the JVM itself need the rest); a JVM out of memory exits,
# so its pod restarts and another worker resumes its transfers, instead of limping on.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/image-release/image-release-worker.jar"]
CMD ["--help"]
