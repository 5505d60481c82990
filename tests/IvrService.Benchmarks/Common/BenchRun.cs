using IvrService.Testing;

namespace IvrService.Benchmarks.Common;

/// <summary>
/// One benchmark run's names and places: its time stamp, the report and the product's log in the report
/// directory (<c>&lt;kind&gt;-&lt;stamp&gt;-&lt;suffix&gt;</c>), the product's build, and a temporary work directory.
/// </summary>
internal sealed record BenchRun(string Stamp, string ReportPath, string HostLogPath, string HostDll, string WorkDirectory)
{
    /// <summary>Null (with a message on stderr) when the product's build is missing.</summary>
    public static BenchRun? Create(string kind, string suffix, string? outputOption, string? hostDllOption)
    {
        var root = BenchEnvironment.RepositoryRoot();
        var stamp = BenchEnvironment.Stamp();
        var outDirectory = BenchEnvironment.OutputDirectory(root, outputOption);
        if (BenchEnvironment.HostDll(root, hostDllOption) is not { } hostDll)
        {
            return null;
        }

        var name = $"{kind}-{stamp}-{suffix}";
        var work = Directory.CreateTempSubdirectory($"ivr-{kind}-{stamp}-").FullName;
        return new BenchRun(stamp, Path.Combine(outDirectory, name + ".txt"), Path.Combine(outDirectory, name + ".host.log"), hostDll, work);
    }

    /// <summary>Stops the callers, then the product and its cluster; removes the work directory unless kept.</summary>
    public async Task EndAsync(IEnumerable<SippProcess> sipps, ProductUnderTest? product, bool keep)
    {
        foreach (var sipp in sipps)
        {
            await sipp.DisposeAsync();
        }

        if (product is not null)
        {
            await product.DisposeAsync();
        }

        if (!keep)
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
    }
}
