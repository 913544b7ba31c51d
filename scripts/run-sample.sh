#!/usr/bin/env bash
# Builds the project and runs the sample chat on http://localhost:8080/ (Spring MVC on Tomcat,
# in-memory adapter, nothing else to install). Extra arguments go to the application, e.g.
#   ./scripts/run-sample.sh --spring.main.web-application-type=reactive   (WebFlux on Reactor Netty)
#   ./scripts/run-sample.sh --spring.profiles.active=conformance          (port 3000, conformance suites)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q install -DskipTests
exec java -jar sample-app/target/sample-app-0.1.0-SNAPSHOT.jar "$@"
