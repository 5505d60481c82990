using IvrService.Host;

// The program's folder holds appsettings.json and prompts/, wherever the service is started from.
// Kestrel takes its endpoints from Kestrel:Endpoints (Grpc: HTTP/2 for the API, Http: HTTP/1.1 for /healthz).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddWindowsService(o => o.ServiceName = "IvrService");
builder.Services.AddSystemd();
builder.Services.AddIvrHost();
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(45));

await using var app = builder.Build();
app.MapIvrApi();
app.MapHealthChecks("/healthz");
await app.RunAsync();
