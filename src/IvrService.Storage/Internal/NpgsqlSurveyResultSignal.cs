using IvrService.Storage.HappyCalls;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IvrService.Storage.Internal;

/// <summary>
/// <see cref="ISurveyResultSignal"/> on one pooled connection that LISTENs on <c>survey_result_changes</c> in the
/// background. Started by the host (or by the first wait); it never blocks a start and never fails the host:
/// when the database is not there yet or the connection drops, it logs, waits (growing to
/// <see cref="MaxRetryDelay"/>) and listens again, waking every waiter on reconnect because notifications
/// sent while it was away are lost. A silent connection is probed every <see cref="ProbeInterval"/>.
/// <see cref="ChangeMark"/> moves on with every notification, every change this instance's store reports through
/// <see cref="NoteLocalChange"/>, and every start and loss of listening; it is null while not listening.
/// </summary>
internal sealed class NpgsqlSurveyResultSignal : ISurveyResultSignal, IHostedService, IAsyncDisposable
{
    public const string Channel = "survey_result_changes";

    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan MinRetryDelay = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(15);

    private readonly IvrDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<NpgsqlSurveyResultSignal> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = NewSignal();
    private TimeSpan _retryDelay = MinRetryDelay;
    private long _mark;
    private volatile bool _listening;
    private Task? _loop;
    private bool _stopped;
    private bool _disposed;

    public NpgsqlSurveyResultSignal(IvrDatabase database, TimeProvider timeProvider, ILogger<NpgsqlSurveyResultSignal> logger)
    {
        _database = database;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>True while the LISTEN connection is up (for health reporting and tests).</summary>
    public bool IsListening => _listening;

    public long? ChangeMark
    {
        get
        {
            // Read the mark before the flag: a loss of listening moves the mark before it clears the flag, so a mark
            // read while listening that is still current was never taken across a gap.
            var mark = Interlocked.Read(ref _mark);
            return _listening ? mark : null;
        }
    }

    /// <summary>
    /// Called by this instance's store once a write that changed a result is over (committed or rolled back): its
    /// notification reaches the listener only a moment later, and a read made now must not be answered from before it.
    /// </summary>
    public void NoteLocalChange() => Interlocked.Increment(ref _mark);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        }

        EnsureStarted();
        var signal = Volatile.Read(ref _next).Task;
        try
        {
            await signal.WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A timeout is an ordinary wake-up: the reader looks at the table again.
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureStarted();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task? loop;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _stopped = true;
            loop = _loop;
            _stopping.Cancel();
        }

        if (loop is not null)
        {
            await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops listening; safe to call more than once (the container disposes it once per registration).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _stopping.Dispose();
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void EnsureStarted()
    {
        if (Volatile.Read(ref _loop) is not null)
        {
            return;
        }

        lock (_gate)
        {
            if (_loop is not null || _stopped)
            {
                return;
            }

            // The listener must not inherit a caller's ambient transaction (its connection would enlist in it).
            if (ExecutionContext.IsFlowSuppressed())
            {
                _loop = Task.Run(() => RunAsync(_stopping.Token));
            }
            else
            {
                using (ExecutionContext.SuppressFlow())
                {
                    _loop = Task.Run(() => RunAsync(_stopping.Token));
                }
            }
        }
    }

    private void Signal() => Interlocked.Exchange(ref _next, NewSignal()).TrySetResult();

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever failed (database not started, connection lost, server restarting), listening resumes.
                Log.SurveyResultListenerLost(_logger, _retryDelay, ex);
            }
            finally
            {
                Interlocked.Increment(ref _mark);
                _listening = false;
            }

            try
            {
                await Task.Delay(_retryDelay, _timeProvider, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _retryDelay = TimeSpan.FromTicks(Math.Min(_retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    private async Task ListenAsync(CancellationToken stopping)
    {
        var connection = await _database.DataSource.OpenConnectionAsync(stopping).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            connection.Notification += (_, _) =>
            {
                Interlocked.Increment(ref _mark);
                Signal();
            };
            await ExecuteAsync(connection, $"LISTEN {Channel}", stopping).ConfigureAwait(false);

            // Whatever was read before now may have missed changes made while nobody listened.
            Interlocked.Increment(ref _mark);
            _listening = true;
            _retryDelay = MinRetryDelay;
            Log.SurveyResultListening(_logger, Channel);

            // Changes committed while nobody listened sent notifications that are gone.
            Signal();
            while (true)
            {
                if (!await connection.WaitAsync(ProbeInterval, stopping).ConfigureAwait(false))
                {
                    // No notification for a while: make sure the connection is still alive.
                    await ExecuteAsync(connection, "SELECT 1", stopping).ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
