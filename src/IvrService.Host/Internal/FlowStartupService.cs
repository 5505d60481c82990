using IvrService.Host.Flows;

namespace IvrService.Host.Internal;

/// <summary>
/// Before calls are taken: loads the prompt catalog, seeds the menu files and checks the inbound menu (a
/// problem stops the start). Then makes the catalog's prompts ready in the background, so the first callers
/// do not wait for text-to-speech.
/// </summary>
internal sealed class FlowStartupService : IHostedService
{
    private readonly FlowDefinitions _flows;
    private readonly PromptWarmer _warmer;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _warming;

    public FlowStartupService(FlowDefinitions flows, PromptWarmer warmer)
    {
        _flows = flows;
        _warmer = warmer;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _flows.InitializeAsync(cancellationToken).ConfigureAwait(false);
        _warming = Task.Run(() => _warmer.WarmAsync(_flows.Prompts, _stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_warming is { } warming)
        {
            try
            {
                await warming.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stopping.Dispose();
    }
}
