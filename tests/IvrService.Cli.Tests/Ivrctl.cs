using System.Diagnostics;
using System.Text;

namespace IvrService.Cli.Tests;

/// <summary>Runs the built <c>ivrctl</c> as a process, as a user would, and collects its exit code and output.</summary>
internal static class Ivrctl
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, string? input, params string[] args) =>
        RunAsync(workingDirectory, input, new Dictionary<string, string>(), args);

    /// <summary>Runs ivrctl with <paramref name="environment"/> added; the runner's own <c>IVRCTL_*</c> variables are never passed on.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string workingDirectory, string? input, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.Environment.Remove("IVRCTL_SERVER");
        start.Environment.Remove("IVRCTL_KEY");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ivrctl.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ivrctl did not start");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input).WaitAsync(Limit);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(Limit);
            return (process.ExitCode, Normalize(await output.WaitAsync(Limit)), Normalize(await error.WaitAsync(Limit)));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
