using IvrService.HappyCalls.Internal;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;

namespace IvrService.HappyCalls.Tests.Scheduling;

public sealed class HangfireLogBridgeTests
{
    [Fact]
    public void Log_GoesToTheLatestHostStillAlive_WhenTheLastHostWasDisposed()
    {
        var bridge = new HangfireLogBridge();
        var first = new CapturingProvider();
        var second = new CapturingProvider();
        using var firstFactory = LoggerFactory.Create(b => b.AddProvider(first));
        var secondFactory = LoggerFactory.Create(b => b.AddProvider(second));
        using var firstAttachment = bridge.Attach(firstFactory);
        var secondAttachment = bridge.Attach(secondFactory);
        var log = bridge.GetLogger("Hangfire.Server.DelayedJobScheduler");

        Assert.True(log.Log(HangfireLevel.Info, () => "while both run"));
        secondAttachment.Dispose();
        secondFactory.Dispose();
        Assert.True(log.Log(HangfireLevel.Warn, () => "after the second host ended"));

        Assert.Equal(["while both run"], second.Lines);
        Assert.Equal(["after the second host ended"], first.Lines);
    }

    [Fact]
    public void Log_DropsTheLineWithoutThrowing_WhenTheFactoryWasDisposedBeforeItsHostDetached()
    {
        var bridge = new HangfireLogBridge();
        var factory = LoggerFactory.Create(b => b.AddProvider(new CapturingProvider()));
        using var attachment = bridge.Attach(factory);
        factory.Dispose();

        Assert.False(bridge.GetLogger("Hangfire.Server.Worker").Log(HangfireLevel.Error, () => "lost", new InvalidOperationException()));
    }

    [Fact]
    public void Log_AnswersNotEnabled_WhenNoHostIsAttached()
    {
        var log = new HangfireLogBridge().GetLogger("Hangfire");

        Assert.False(log.Log(HangfireLevel.Fatal, () => "nowhere"));
        Assert.False(log.Log(HangfireLevel.Info, null!));
    }

    private sealed class CapturingProvider : ILoggerProvider
    {
        public List<string> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(Lines);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(List<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add(formatter(state, exception));
            }
        }
    }
}
