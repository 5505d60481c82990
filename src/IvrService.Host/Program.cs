// The program's folder holds appsettings.json and prompts/, wherever the service is started from.
// Kestrel takes its endpoints from Kestrel:Endpoints (Grpc: HTTP/2 for the API, Http: HTTP/1.1 for /healthz and
// /metrics). As a Windows service or a systemd unit (Type=notify: READY=1 once everything above has started) the
// host reports to the service manager; run from a console it does neither.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddIvrServiceManagers();
builder.Services.AddIvrHost();
builder.Services.AddIvrEndpoints();

await using var app = builder.Build();
app.MapIvrEndpoints();
await app.RunAsync();
