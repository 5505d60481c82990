using Microsoft.Extensions.Logging;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// This host's place in the <see cref="HangfireLogBridge"/>: attached when Hangfire is first configured, detached when
/// the host's container is disposed (before its logger factory, which was created earlier).
/// </summary>
internal sealed class HangfireLogAttachment(ILoggerFactory loggerFactory) : IDisposable
{
    private readonly IDisposable _attachment = HangfireLogBridge.Instance.Attach(loggerFactory);

    public void Dispose() => _attachment.Dispose();
}
