# One image recipe for the three Lakegate processes; PROJECT and ASSEMBLY pick which one.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT=Api/Api.csproj
WORKDIR /src
COPY . .
RUN dotnet publish "$PROJECT" -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
ARG ASSEMBLY=Lakegate.Api.dll
ENV LAKEGATE_ASSEMBLY=$ASSEMBLY
WORKDIR /app
COPY --from=build /app .
ENTRYPOINT ["sh", "-c", "exec dotnet \"$LAKEGATE_ASSEMBLY\" \"$@\"", "--"]
