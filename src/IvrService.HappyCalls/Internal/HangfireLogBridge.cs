using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using MicrosoftLevel = Microsoft.Extensions.Logging.LogLevel;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// Hangfire's log provider is process-wide while logger factories belong to hosts. Hangfire's own set-up points it at
/// the last host's factory, so once that host was disposed every other host's Hangfire server failed on its next log
/// line (its scheduler stopped moving due jobs). The bridge writes to the most recently attached factory that is still
/// alive and drops lines when none is.
/// </summary>
internal sealed class HangfireLogBridge : ILogProvider
{
    public static HangfireLogBridge Instance { get; } = new();

    private readonly Lock _gate = new();
    private readonly List<ILoggerFactory> _factories = [];

    internal HangfireLogBridge()
    {
    }

    /// <summary>Routes Hangfire's lines to <paramref name="factory"/> until the returned handle is disposed.</summary>
    public IDisposable Attach(ILoggerFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        lock (_gate)
        {
            _factories.Add(factory);
        }

        return new Attachment(this, factory);
    }

    public ILog GetLogger(string name) => new BridgedLog(this, name);

    private ILoggerFactory? Current()
    {
        lock (_gate)
        {
            return _factories.Count == 0 ? null : _factories[^1];
        }
    }

    private void Detach(ILoggerFactory factory)
    {
        lock (_gate)
        {
            _factories.Remove(factory);
        }
    }

    private sealed class Attachment(HangfireLogBridge bridge, ILoggerFactory factory) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                bridge.Detach(factory);
            }
        }
    }

    private sealed class BridgedLog(HangfireLogBridge bridge, string name) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            var factory = bridge.Current();
            if (factory is null)
            {
                return false;
            }

            var level = ToMicrosoft(logLevel);
            try
            {
                var logger = factory.CreateLogger(name);
                if (messageFunc is null)
                {
                    return logger.IsEnabled(level);
                }

                if (!logger.IsEnabled(level))
                {
                    return false;
                }

                logger.Log(level, 0, messageFunc(), exception, static (message, _) => message);
                return true;
            }
            catch (ObjectDisposedException)
            {
                // The host is being disposed between its detach and this line; the line has nowhere to go.
                return false;
            }
        }

        private static MicrosoftLevel ToMicrosoft(HangfireLevel level) => level switch
        {
            HangfireLevel.Trace => MicrosoftLevel.Trace,
            HangfireLevel.Debug => MicrosoftLevel.Debug,
            HangfireLevel.Info => MicrosoftLevel.Information,
            HangfireLevel.Warn => MicrosoftLevel.Warning,
            HangfireLevel.Error => MicrosoftLevel.Error,
            HangfireLevel.Fatal => MicrosoftLevel.Critical,
            _ => MicrosoftLevel.Information,
        };
    }
}
