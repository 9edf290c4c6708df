# QuotaLedger API image. Build context: the repository root (see docker-compose.yml).
# The browser console is built in a Node.js stage; the .NET stage publishes it with the service (BuildConsole=false).
FROM node:20 AS console
WORKDIR /console
COPY src/QuotaLedger.Console/package.json src/QuotaLedger.Console/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY src/QuotaLedger.Console/ ./
RUN npm run build

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ src/
COPY --from=console /console/dist src/QuotaLedger.Console/dist
RUN dotnet publish src/QuotaLedger.Api/QuotaLedger.Api.csproj -c Release -p:BuildConsole=false -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
# Non-root user provided by the .NET images.
USER $APP_UID
ENTRYPOINT ["dotnet", "QuotaLedger.Api.dll"]
