var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddWindowsService(o => o.ServiceName = "IvrService");
builder.Services.AddSystemd();
using var host = builder.Build();
await host.RunAsync();
