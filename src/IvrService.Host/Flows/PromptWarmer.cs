using IvrService.Flows;
using IvrService.Host.Internal;
using IvrService.Speech;

namespace IvrService.Host.Flows;

/// <summary>Makes every catalog prompt of every language playable ahead of the calls that need it (renders what has no recording).</summary>
internal sealed class PromptWarmer
{
    private readonly PromptLibrary _library;
    private readonly ILogger<PromptWarmer> _logger;

    public PromptWarmer(PromptLibrary library, ILogger<PromptWarmer> logger)
    {
        _library = library;
        _logger = logger;
    }

    public async Task WarmAsync(PromptCatalog catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var prompts = new List<PromptText>();
        foreach (var language in catalog.Languages)
        {
            foreach (var key in catalog.KeysOf(language))
            {
                if (catalog.TryGetText(language, key, out var text))
                {
                    prompts.Add(new PromptText(language, key, text));
                }
            }
        }

        try
        {
            var result = await _library.WarmAsync(prompts, progress: null, cancellationToken).ConfigureAwait(false);
            if (result.Failures.Count > 0)
            {
                var first = result.Failures[0];
                HostLog.PromptWarmFailures(_logger, result.Failures.Count, $"{first.Prompt.Language}/{first.Prompt.Key}: {first.Error}");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
