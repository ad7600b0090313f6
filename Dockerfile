# syntax=docker/dockerfile:1
# The app replica image: built with the Maven wrapper, run on a JRE 25 as a non-root user, from the extracted
# (layered) jar with a JDK 25 AOT cache made by the first start (a later start is ready in a few seconds).

FROM eclipse-temurin:25-jdk-noble AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q -ntp dependency:go-offline
COPY src/ src/
# The same command bin/foobar up builds the jar with (bin/lib/stack.sh, ensure_jar).
RUN ./mvnw -B -q -ntp package -DskipTests \
 && java -Djarmode=tools -jar target/foobar-0.1.0-SNAPSHOT.jar extract --destination /app

# The one-shot init service of docker-compose.yml: local CA, certificates, secrets and rendered configs,
# made by the same scripts as bin/foobar.
FROM eclipse-temurin:25-jdk-noble AS init
RUN apt-get update && apt-get install -y --no-install-recommends openssl gettext-base && rm -rf /var/lib/apt/lists/*
WORKDIR /foobar
ENV FOOBAR_JAVA_HOME=/opt/java/openjdk
COPY bin/ bin/
COPY prometheus/ prometheus/
COPY blackbox/ blackbox/
ENTRYPOINT ["bin/foobar", "init"]

FROM eclipse-temurin:25-jre-noble AS app
RUN groupadd --system --gid 10001 foobar && useradd --system --uid 10001 --gid foobar --home /app foobar \
 && mkdir -p /var/cache/foobar && chown foobar:foobar /var/cache/foobar
WORKDIR /app
COPY --from=build /app/ /app/
COPY docker/app-entrypoint.sh /app/entrypoint.sh
USER foobar
EXPOSE 8443 8543
HEALTHCHECK --interval=10s --timeout=8s --start-period=60s --retries=3 \
  CMD ["java", "-cp", "/app/foobar-0.1.0-SNAPSHOT.jar", "com.foobar.system.HealthCheck", \
       "https://localhost:8543/actuator/health/readiness", "/run/foobar/pki/ca.crt"]
ENTRYPOINT ["/app/entrypoint.sh"]
