using IvrService.Host;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddWindowsService(o => o.ServiceName = "IvrService");
builder.Services.AddSystemd();
builder.Services.AddIvrHost();
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(45));

using var host = builder.Build();
await host.RunAsync();
