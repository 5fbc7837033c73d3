# The nip66 monitor: one image for every role (scheduler, checker, publisher, persistence).
#   docker build -t nip66:latest .
#   docker run --rm nip66:latest check wss://relay.example.com
# The compose stack (compose/compose.yaml) and the Quadlet units (deploy/quadlet/) run it per role.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
WORKDIR /src

# Restore layer: only what decides the package graph (SDK pin, shared props, central package versions and the
# project files the host references), so a code change does not restore again.
COPY global.json Directory.Build.props Directory.Packages.props MonitorRuntime.props ./
COPY Nip66.Nostr/Nip66.Nostr.csproj Nip66.Nostr/
COPY Nip66.Contracts/Nip66.Contracts.csproj Nip66.Contracts/
COPY Nip66.Checker/Nip66.Checker.csproj Nip66.Checker/
COPY Nip66.Publisher/Nip66.Publisher.csproj Nip66.Publisher/
COPY Nip66.Persistence/Nip66.Persistence.csproj Nip66.Persistence/
COPY Nip66.Scheduler/Nip66.Scheduler.csproj Nip66.Scheduler/
COPY Nip66.Discovery/Nip66.Discovery.csproj Nip66.Discovery/
COPY Nip66.Host/Nip66.Host.csproj Nip66.Host/
RUN dotnet restore Nip66.Host/Nip66.Host.csproj

# The sources (.dockerignore keeps out tests, bin/obj, node_modules, .git and local data). .editorconfig comes
# along on purpose: warnings are errors here and it sets the analyzers' severities.
COPY . .
RUN dotnet publish Nip66.Host/Nip66.Host.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# HTTP on 8066 on every interface: /metrics, /health/live, /health/ready, and with the web role the status page and
# API. The host binds what NIP66_URLS says (its default is loopback only); ASPNETCORE_URLS says the same for
# anything that reads it, and the base image's ASPNETCORE_HTTP_PORTS=8080 is emptied so that nothing else is bound.
ENV NIP66_URLS=http://0.0.0.0:8066 \
    ASPNETCORE_URLS=http://0.0.0.0:8066 \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_NOLOGO=1 \
    NIP66_DATA=/var/lib/nip66
# The data folder belongs to the image's non-root user (app, UID 1654): a named volume mounted there starts with
# this ownership.
RUN mkdir -p /var/lib/nip66 && chown "$APP_UID:$APP_UID" /var/lib/nip66 && chmod 0700 /var/lib/nip66
WORKDIR /app
COPY --from=build /app ./
USER $APP_UID
EXPOSE 8066
# No HEALTHCHECK: the aspnet image has no curl or wget. compose/compose.yaml probes /health/live with bash.
ENTRYPOINT ["dotnet", "/app/nip66.dll"]
CMD ["run"]
