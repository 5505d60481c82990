namespace IvrService.Media.Internal;

/// <summary>One background loop that drains every open recording to disk a few times a second.</summary>
internal sealed class RecordingFlusher : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<RecordingSink> _sinks = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RecordingFlusher(TimeSpan interval)
    {
        _loop = Task.Run(() => RunAsync(interval, _stop.Token));
    }

    public void Add(RecordingSink sink)
    {
        lock (_gate)
        {
            _sinks.Add(sink);
        }
    }

    /// <summary>Finishes the file: last drain, header sizes, close. Safe to call from any thread.</summary>
    public void Finish(RecordingSink sink)
    {
        lock (_gate)
        {
            _sinks.Remove(sink);
        }

        lock (sink)
        {
            sink.Dispose();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        RecordingSink[] remaining;
        lock (_gate)
        {
            remaining = [.. _sinks];
            _sinks.Clear();
        }

        foreach (var sink in remaining)
        {
            sink.Dispose();
        }

        _stop.Dispose();
    }

    private async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        var batch = new List<RecordingSink>();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                batch.Clear();
                lock (_gate)
                {
                    batch.AddRange(_sinks);
                }

                foreach (var sink in batch)
                {
                    try
                    {
                        lock (sink)
                        {
                            sink.Drain();
                        }
                    }
                    catch (IOException)
                    {
                        // A full or failing disk loses recording audio, never the call; the next drain retries.
                    }
                    catch (ObjectDisposedException)
                    {
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
