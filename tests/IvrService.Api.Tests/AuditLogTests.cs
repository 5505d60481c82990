using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Testing;

namespace IvrService.Api.Tests;

/// <summary>
/// The audit log read through Admin.ListAuditEntries after real admin changes made through the API. Each test makes
/// its changes with an admin key of its own, so filtering by that actor sees only them.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class AuditLogTests
{
    private readonly ApiServerFixture _server;

    public AuditLogTests(ApiServerFixture server)
    {
        _server = server;
    }

    private Admin.AdminClient Client => new(_server.Channel);

    private static CallOptions AsAdmin => ApiServerFixture.With(ApiServerFixture.AdminKey);

    /// <summary>A new admin key (created by <c>ops</c>): its name and the options that send it.</summary>
    private async Task<(string Name, CallOptions Options)> NewActorAsync()
    {
        var name = "auditor-" + Guid.NewGuid().ToString("N")[..10];
        var created = await Client.CreateApiKeyAsync(new CreateApiKeyRequest { Name = name, Scope = ApiKeyScope.Admin }, AsAdmin)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        return (name, ApiServerFixture.With(created.Secret));
    }

    private static string NewPhone() =>
        "+98912" + Random.Shared.Next(0, 10_000_000).ToString("D7", CultureInfo.InvariantCulture);

    private async Task<ListAuditEntriesResponse> ListAsync(ListAuditEntriesRequest request, CallOptions? options = null) =>
        await Client.ListAuditEntriesAsync(request, options ?? AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

    private async Task<RpcException> FailsAsync(ListAuditEntriesRequest request, CallOptions options) =>
        await Assert.ThrowsAsync<RpcException>(() => Client.ListAuditEntriesAsync(request, options).ResponseAsync.WaitAsync(TestTimeouts.Default));

    /// <summary>
    /// With a new admin key: publishes a menu twice, rolls it back to version 1, puts a number on the do-not-call list
    /// and creates an integrator key — five audited changes, in this order.
    /// </summary>
    private async Task<(string Actor, string FlowId, string Phone, string KeyName)> MakeChangesAsync()
    {
        var (actor, options) = await NewActorAsync();
        var flowId = TestMenus.NewFlowId();
        var phone = NewPhone();
        var keyName = "crm-" + Guid.NewGuid().ToString("N")[..10];
        await Client.PublishFlowAsync(new PublishFlowRequest { Kind = FlowKind.Menu, Yaml = TestMenus.Valid(flowId), Comment = "first cut" }, options)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        await Client.PublishFlowAsync(new PublishFlowRequest { Kind = FlowKind.Menu, Yaml = TestMenus.Valid(flowId, "New title"), Comment = "new title" }, options)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        await Client.RollbackFlowAsync(new RollbackFlowRequest { Kind = FlowKind.Menu, FlowId = flowId, Version = 1, Comment = "title was wrong" }, options)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        await Client.AddDoNotCallAsync(new AddDoNotCallRequest { Phone = phone, Reason = "asked not to be called" }, options)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        await Client.CreateApiKeyAsync(new CreateApiKeyRequest { Name = keyName, Scope = ApiKeyScope.Integrator }, options)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        return (actor, flowId, phone, keyName);
    }

    [Fact]
    public async Task ListAuditEntries_ReturnsEachChangeWithWhoWhatAndVersionNewestFirst_WhenChangesWereMadeThroughTheApi()
    {
        // Arrange
        var (actor, flowId, phone, keyName) = await MakeChangesAsync();

        // Act
        var mine = await ListAsync(new ListAuditEntriesRequest { Actor = actor });
        var actorCreated = await ListAsync(new ListAuditEntriesRequest { Target = actor });

        // Assert
        Assert.Equal(
            [
                ("api_key_created", keyName, 0, "scope integrator"),
                ("dnc_added", phone, 0, "asked not to be called"),
                ("menu_rolled_back", flowId, 1, "from version 2: title was wrong"),
                ("menu_published", flowId, 2, "new title"),
                ("menu_published", flowId, 1, "first cut"),
            ],
            mine.Entries.Select(e => (e.Action, e.Target, e.Version, e.Detail)));
        Assert.All(mine.Entries, e => Assert.Equal((actor, ApiKeyScope.Admin), (e.Actor, e.ActorScope)));
        Assert.Equal(mine.Entries.Select(e => e.Id).OrderDescending(), mine.Entries.Select(e => e.Id));
        Assert.Equal(mine.Entries.Select(e => e.ChangedAt).OrderDescending(), mine.Entries.Select(e => e.ChangedAt));
        Assert.Equal("", mine.NextPageToken);
        var created = Assert.Single(actorCreated.Entries);
        Assert.Equal(("ops", ApiKeyScope.Admin, "api_key_created", "scope admin"), (created.Actor, created.ActorScope, created.Action, created.Detail));
        Assert.True(created.Id < mine.Entries[^1].Id);
    }

    [Fact]
    public async Task ListAuditEntries_ReturnsOnlyMatchingEntries_WhenFilteredByActionTargetAndTimeRange()
    {
        // Arrange
        var (actor, flowId, _, _) = await MakeChangesAsync();
        var all = (await ListAsync(new ListAuditEntriesRequest { Actor = actor })).Entries;
        var start = all[3].ChangedAt;
        var end = all[1].ChangedAt;

        // Act
        var published = await ListAsync(new ListAuditEntriesRequest { Actor = actor, Action = "menu_published" });
        var ofFlow = await ListAsync(new ListAuditEntriesRequest { Target = flowId });
        var inRange = await ListAsync(new ListAuditEntriesRequest { Actor = actor, Changed = new TimeRange { StartTime = start, EndTime = end } });
        var since = await ListAsync(new ListAuditEntriesRequest { Actor = actor, Changed = new TimeRange { StartTime = end } });
        var otherActor = await ListAsync(new ListAuditEntriesRequest { Actor = "ops", Target = flowId });

        // Assert: the range is half-open, [start, end), as computed here from the entries' own times.
        Assert.Equal([2, 1], published.Entries.Select(e => e.Version));
        Assert.Equal(["menu_rolled_back", "menu_published", "menu_published"], ofFlow.Entries.Select(e => e.Action));
        Assert.Equal(all.Where(e => e.ChangedAt >= start && e.ChangedAt < end).Select(e => e.Id), inRange.Entries.Select(e => e.Id));
        Assert.Contains(all[3].Id, inRange.Entries.Select(e => e.Id));
        Assert.DoesNotContain(all[1].Id, inRange.Entries.Select(e => e.Id));
        Assert.Equal(all.Where(e => e.ChangedAt >= end).Select(e => e.Id), since.Entries.Select(e => e.Id));
        Assert.Empty(otherActor.Entries);
    }

    [Fact]
    public async Task ListAuditEntries_PagesWithoutGapsOrRepeats_WhenChangesAreAuditedWhilePaging()
    {
        // Arrange: 23 numbers put on the do-not-call list by one key, one audit entry each.
        var (actor, options) = await NewActorAsync();
        var phones = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            var phone = NewPhone();
            await Client.AddDoNotCallAsync(new AddDoNotCallRequest { Phone = phone }, options).ResponseAsync.WaitAsync(TestTimeouts.Default);
            phones.Add(phone);
        }

        using var stop = new CancellationTokenSource();
        var written = new List<string>();
        var firstPageRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = Task.Run(async () =>
        {
            await firstPageRead.Task.WaitAsync(TestTimeouts.Default);
            while (!stop.IsCancellationRequested && written.Count < 200)
            {
                var phone = NewPhone();
                await Client.AddDoNotCallAsync(new AddDoNotCallRequest { Phone = phone }, options).ResponseAsync.WaitAsync(TestTimeouts.Default);
                lock (written)
                {
                    written.Add(phone);
                }
            }
        });

        // Act
        var seen = new List<string>();
        var request = new ListAuditEntriesRequest { Actor = actor, Action = "dnc_added", PageSize = 4 };
        var pages = 0;
        do
        {
            var page = await ListAsync(request);
            seen.AddRange(page.Entries.Select(e => e.Target));
            request.PageToken = page.NextPageToken;
            pages++;
            firstPageRead.TrySetResult();
            await Task.Delay(50);
        }
        while (request.PageToken.Length > 0);
        await stop.CancelAsync();
        await writer.WaitAsync(TestTimeouts.Default);
        var afterwards = await ListAsync(new ListAuditEntriesRequest { Actor = actor, PageSize = 1 });

        // Assert: the entries that existed when paging started, each once, newest first; none written meanwhile.
        Assert.NotEmpty(written);
        Assert.Equal(6, pages);
        Assert.Equal(Enumerable.Reverse(phones), seen);
        Assert.Equal(written[^1], Assert.Single(afterwards.Entries).Target);
    }

    [Fact]
    public async Task ListAuditEntries_FailsInvalidArgumentNamingEachField_WhenFieldsAreBad()
    {
        // Arrange
        var now = DateTimeOffset.UtcNow;
        var request = new ListAuditEntriesRequest
        {
            PageSize = 5000,
            Changed = new TimeRange { StartTime = Timestamp.FromDateTimeOffset(now), EndTime = Timestamp.FromDateTimeOffset(now.AddHours(-1)) },
            Actor = "ops\n",
            Action = "Menu Published",
            Target = new string('x', 201),
        };

        // Act
        var error = await FailsAsync(request, AsAdmin);
        var negative = await FailsAsync(new ListAuditEntriesRequest { PageSize = -1 }, AsAdmin);
        var badTime = await FailsAsync(new ListAuditEntriesRequest { Changed = new TimeRange { StartTime = new Timestamp { Seconds = 1, Nanos = -5 } } }, AsAdmin);

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.Equal(["action", "actor", "changed.end_time", "page_size", "target"], violations.Select(v => v.Field).Order(StringComparer.Ordinal));
        Assert.All(violations, v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
        Assert.Equal(["page_size"], negative.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(["changed.start_time"], badTime.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task ListAuditEntries_FailsInvalidArgumentOnPageToken_WhenTokenIsForeignOrFiltersChange()
    {
        // Arrange
        var (actor, _, _, _) = await MakeChangesAsync();
        var first = await ListAsync(new ListAuditEntriesRequest { Actor = actor, PageSize = 2 });

        // Act
        var otherFilters = await FailsAsync(new ListAuditEntriesRequest { Actor = actor, Action = "dnc_added", PageSize = 2, PageToken = first.NextPageToken }, AsAdmin);
        var garbage = await FailsAsync(new ListAuditEntriesRequest { PageToken = "not a token" }, AsAdmin);
        var second = await ListAsync(new ListAuditEntriesRequest { Actor = actor, PageSize = 2, PageToken = first.NextPageToken });

        // Assert
        Assert.NotEqual("", first.NextPageToken);
        var violation = Assert.Single(otherFilters.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal("page_token", violation.Field);
        Assert.Contains("other filters", violation.Description, StringComparison.Ordinal);
        Assert.Equal(("page_token", "is not a page token of ListAuditEntries"),
            garbage.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => (v.Field, v.Description)).Single());
        Assert.Equal(["menu_rolled_back", "menu_published"], second.Entries.Select(e => e.Action));
    }

    [Fact]
    public async Task ListAuditEntries_FailsPermissionDenied_WhenKeyHasIntegratorScope()
    {
        // Act
        var error = await FailsAsync(new ListAuditEntriesRequest(), ApiServerFixture.With(ApiServerFixture.IntegratorKey));

        // Assert
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task ListAuditEntries_FailsUnauthenticated_WhenNoKeyOrAnUnknownKeyIsSent()
    {
        // Act
        var none = await FailsAsync(new ListAuditEntriesRequest(), ApiServerFixture.With(null));
        var unknown = await FailsAsync(new ListAuditEntriesRequest(), ApiServerFixture.With("ivr_not-a-key"));

        // Assert
        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated), (none.StatusCode, unknown.StatusCode));
    }
}
