using IvrService.Storage;
using IvrService.Storage.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IvrService.Testing;

/// <summary>
/// Reads call records straight from a database with the product's own store, independent of a running host,
/// so a test can look at them after the host stopped.
/// </summary>
public sealed class CallRecordProbe : IAsyncDisposable
{
    private readonly IvrDatabase _database;

    private CallRecordProbe(IvrDatabase database)
    {
        _database = database;
        Records = new NpgsqlCallRecordStore(database, TimeProvider.System, NullLogger<NpgsqlCallRecordStore>.Instance);
    }

    public ICallRecordStore Records { get; }

    public static async Task<CallRecordProbe> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var database = new IvrDatabase(
            Options.Create(new StorageOptions { ConnectionString = connectionString }),
            TimeProvider.System,
            NullLoggerFactory.Instance);
        await database.StartAsync(cancellationToken).ConfigureAwait(false);
        return new CallRecordProbe(database);
    }

    /// <summary>Waits until the call with this Call-ID has ended in storage.</summary>
    public async Task<CallRecord> WaitForEndedCallAsync(string callId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var record = await Records.GetByCallIdAsync(callId, CancellationToken.None).ConfigureAwait(false);
            if (record?.EndedAt is not null)
            {
                return record;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"call {callId} not ended in storage within {timeout}; last seen: {record}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
