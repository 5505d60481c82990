using System.Globalization;
using IvrService.Flows;
using IvrService.Media.Audio;
using IvrService.Speech;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IvrService.IntegrationTests.Flows;

/// <summary>
/// The product serving the after-sales menu it ships (prompts/menus/after-sales.yaml, unchanged), with its menus on
/// a clock that starts at a given moment in Tehran so the hours node answers the same whenever the tests run.
/// </summary>
public abstract class AfterSalesHost : IAsyncLifetime
{
    private static readonly TimeSpan TehranOffset = TimeSpan.FromHours(3.5);

    private readonly DateTimeOffset _menuTime;

    protected AfterSalesHost(DateTime tehranTime) => _menuTime = new DateTimeOffset(tehranTime, TehranOffset);

    public IvrHostFixture Host { get; } = new();

    /// <summary>Where the transfer node's <c>operator</c> destination points.</summary>
    public string OperatorUri { get; } = "sip:operator@127.0.0.1:" + FreePorts.Next().ToString(CultureInfo.InvariantCulture);

    /// <summary>The shipped prompt texts, as the host loads them.</summary>
    public PromptCatalog Prompts { get; } = PromptCatalog.Load(Path.Combine(AppContext.BaseDirectory, "prompts"));

    public async Task InitializeAsync()
    {
        Host.Settings["Flows:MenusDirectory"] = IvrHostFixture.ShippedMenusDirectory;
        Host.Settings["Flows:InboundMenu"] = "after-sales";
        Host.Settings["Flows:TransferDestinations:operator"] = OperatorUri;
        Host.FlowClock = new ShiftedTimeProvider(_menuTime);
        await Host.InitializeAsync();
    }

    public Task DisposeAsync() => Host.DisposeAsync();

    /// <summary>The audio file the host plays for a prompt (recorded, or rendered by text-to-speech into the cache).</summary>
    public async Task<PromptFile> PromptFileAsync(string language, string key, CancellationToken cancellationToken)
    {
        Assert.True(Prompts.TryGetText(language, key, out var text), $"no prompt {language}/{key} in the catalog");
        return await Host.Services.GetRequiredService<PromptLibrary>().ResolveAsync(language, key, text, cancellationToken);
    }

    /// <summary>How long the prompts play one after the other.</summary>
    public async Task<TimeSpan> PromptLengthAsync(string language, CancellationToken cancellationToken, params string[] keys)
    {
        var total = TimeSpan.Zero;
        foreach (var key in keys)
        {
            var file = await PromptFileAsync(language, key, cancellationToken);
            Assert.True(WavReader.TryRead(await File.ReadAllBytesAsync(file.Path, cancellationToken), out var audio, out var error), $"{file.Path}: {error}");
            total += audio!.Duration;
        }

        return total;
    }
}
