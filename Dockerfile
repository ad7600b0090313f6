# The images of docker-compose.yml: the one-shot init service and the app replica. Base images are build
# arguments (pinned to a release by default; pin a digest where you need one), so air-gapped or test builds can
# pass their own. Build stages are in the order the legacy builder needs (it builds every stage before the target).
ARG JDK_IMAGE=eclipse-temurin:25.0.3_9-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:25.0.3_9-jre-noble

# The init service: local CA, certificates, secrets and rendered configs, made by the same scripts as bin/foobar.
FROM ${JDK_IMAGE} AS init
RUN apt-get update && apt-get install -y --no-install-recommends openssl gettext-base && rm -rf /var/lib/apt/lists/*
WORKDIR /foobar
ENV FOOBAR_JAVA_HOME=/opt/java/openjdk
COPY bin/ bin/
COPY config/ config/
COPY prometheus/ prometheus/
COPY blackbox/ blackbox/
ENTRYPOINT ["bin/foobar", "init"]

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q -ntp dependency:go-offline
COPY src/ src/
# The same command bin/foobar up builds the jar with (bin/lib/stack.sh, ensure_jar). The AOT cache's name is the
# hash of the jar and its JVM options, so a rebuilt image never runs with an older image's cache.
RUN ./mvnw -B -q -ntp package -DskipTests \
 && java -Djarmode=tools -jar target/foobar-0.1.0-SNAPSHOT.jar extract --destination /app \
 && cp src/main/jvm.options /app/jvm.options \
 && cat /app/foobar-0.1.0-SNAPSHOT.jar /app/jvm.options | sha256sum | cut -c1-12 >/app/aot-key

# The app replica: a JRE, a non-root user, the extracted jar and the replicas' one JVM options file.
FROM ${JRE_IMAGE} AS app
RUN groupadd --system --gid 10001 foobar && useradd --system --uid 10001 --gid foobar --home /app foobar \
 && mkdir -p /var/cache/foobar && chown foobar:foobar /var/cache/foobar
WORKDIR /app
COPY --from=build /app/ /app/
COPY docker/app-entrypoint.sh /app/entrypoint.sh
USER foobar
EXPOSE 8443 8543
HEALTHCHECK --interval=15s --timeout=10s --start-period=300s --retries=5 \
  CMD ["java", "-Xmx16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", "/app/foobar-0.1.0-SNAPSHOT.jar", \
       "com.foobar.system.HealthCheck", "https://localhost:8543/actuator/health/readiness", "/run/foobar/pki/app-ca.crt"]
ENTRYPOINT ["/app/entrypoint.sh"]
