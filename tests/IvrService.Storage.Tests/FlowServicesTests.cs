using IvrService.Flows;
using IvrService.Storage.Internal;
using IvrService.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IvrService.Storage.Tests;

public sealed class FlowServicesTests : FreshDatabaseTest
{
    public FlowServicesTests(PostgresFixture postgres)
        : base(postgres)
    {
    }

    private NpgsqlFlowServices Services => new(Database, Time);

    [Fact]
    public async Task CreateServiceRequestAsync_NumbersByDayAndSequence_WhenCalledTwice()
    {
        // Arrange
        var request = new NewServiceRequest("call-1", "09121234567", "09127654321", "4711", "fa");

        // Act
        var first = await Services.CreateServiceRequestAsync(request, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var second = await Services.CreateServiceRequestAsync(request with { CallId = "call-2" }, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Time.Advance(TimeSpan.FromDays(1));
        var nextDay = await Services.CreateServiceRequestAsync(request with { CallId = "call-3" }, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(("2503010001", "2503010002", "2503020001"), (first, second, nextDay));
        var stored = await Services.GetServiceRequestAsync(first, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(
            new ServiceRequestRecord("2503010001", "registered", new DateOnly(2025, 3, 1), null, null, "4711", "09121234567", "09127654321", Start, Start, "call-1"),
            stored);
    }

    [Fact]
    public async Task FindServiceRequestAsync_ReturnsStoredStatus_WhenBackOfficeSavedIt()
    {
        // Arrange
        var saved = new ServiceRequestRecord(
            "12345", "visit_scheduled", new DateOnly(2025, 2, 27), new DateOnly(2025, 3, 4), "Reza Karimi", "8800",
            "09121234567", null, Start.AddDays(-3), Start.AddDays(-1), null);
        await Services.SaveServiceRequestAsync(saved, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Act
        var found = await Services.FindServiceRequestAsync("12345", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var missing = await Services.FindServiceRequestAsync("99999", CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(
            new ServiceRequestInfo("12345", "visit_scheduled", new DateOnly(2025, 2, 27), new DateOnly(2025, 3, 4), "Reza Karimi", "8800"),
            found);
        Assert.Null(missing);
    }

    [Fact]
    public async Task SaveServiceRequestAsync_ReplacesFields_WhenNumberExists()
    {
        // Arrange
        var saved = new ServiceRequestRecord("12345", "registered", null, null, null, "8800", null, null, Start, Start, "call-9");
        await Services.SaveServiceRequestAsync(saved, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Act
        var updated = saved with { Status = "done", StatusDate = new DateOnly(2025, 3, 5), UpdatedAt = Start.AddDays(4) };
        await Services.SaveServiceRequestAsync(updated, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(updated, await Services.GetServiceRequestAsync("12345", CancellationToken.None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task SaveVoiceMessageAsync_StoresEntry_WhenMessageRecorded()
    {
        // Arrange
        var entry = new VoiceMessageEntry("call-7", "09121234567", "complaint", "/rec/messages/call-7-1.wav", TimeSpan.FromMilliseconds(4320), "en");

        // Act
        var id = await Services.SaveVoiceMessageAsync(entry, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        var row = await Sql.ScalarAsync<string>(
            ConnectionString,
            "SELECT concat_ws('|', call_id, caller, category, recording_path, duration_ms, language, created_at = $2) FROM voice_messages WHERE id = $1",
            long.Parse(id, System.Globalization.CultureInfo.InvariantCulture),
            Start).WaitAsync(TestTimeouts.Default);
        Assert.Equal("call-7|09121234567|complaint|/rec/messages/call-7-1.wav|4320|en|t", row);
    }

    [Fact]
    public async Task SaveCallbackRequestAsync_StoresPendingRequest_WhenCallerAsksForCallback()
    {
        // Arrange
        var entry = new CallbackEntry("call-8", "09121234567", "09350000000", "out_of_hours", "fa");

        // Act
        var id = await Services.SaveCallbackRequestAsync(entry, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        var row = await Sql.ScalarAsync<string>(
            ConnectionString,
            "SELECT concat_ws('|', call_id, caller, number, reason, language, status) FROM callback_requests WHERE id = $1",
            long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)).WaitAsync(TestTimeouts.Default);
        Assert.Equal("call-8|09121234567|09350000000|out_of_hours|fa|pending", row);
    }
}
