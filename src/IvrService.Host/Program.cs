using IvrService.Host;

// The program's folder holds appsettings.json and prompts/, wherever the service is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddWindowsService(o => o.ServiceName = "IvrService");
builder.Services.AddSystemd();
builder.Services.AddIvrHost();
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(45));

using var host = builder.Build();
await host.RunAsync();
