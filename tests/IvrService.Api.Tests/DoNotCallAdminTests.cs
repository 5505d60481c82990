using Google.Rpc;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Testing;

namespace IvrService.Api.Tests;

/// <summary>The do-not-call list through the Admin service; each test uses numbers of its own random prefix.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class DoNotCallAdminTests
{
    private readonly ApiServerFixture _server;

    public DoNotCallAdminTests(ApiServerFixture server)
    {
        _server = server;
    }

    private Admin.AdminClient Client => new(_server.Channel);

    private static CallOptions AsAdmin => ApiServerFixture.With(ApiServerFixture.AdminKey);

    /// <summary>A national mobile number <c>0912NNNNNNN</c> with random digits, and its E.164 form.</summary>
    private static (string National, string E164) NewNumber()
    {
        var digits = Random.Shared.Next(0, 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
        return ("0912 " + digits[..3] + " " + digits[3..], "+98912" + digits);
    }

    private async Task<DoNotCallEntry> AddAsync(string phone, string reason = "") =>
        await Client.AddDoNotCallAsync(new AddDoNotCallRequest { Phone = phone, Reason = reason }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

    [Fact]
    public async Task AddDoNotCall_StoresE164WithCallerAndAudit_WhenNationalNumberIsGiven()
    {
        // Arrange
        var (national, e164) = NewNumber();

        // Act
        var entry = await AddAsync(national, "asked not to be called");

        // Assert
        Assert.Equal((e164, "asked not to be called", "ops"), (entry.Phone, entry.Reason, entry.AddedBy));
        Assert.True(await _server.DoNotCall.ContainsAsync(e164, CancellationToken.None).WaitAsync(TestTimeouts.Default));
        var audit = Assert.Single(await _server.Audit.ListAsync(e164, 10, CancellationToken.None).WaitAsync(TestTimeouts.Default));
        Assert.Equal(("ops", "dnc_added", "asked not to be called"), (audit.KeyName, audit.Action, audit.Detail));
    }

    [Fact]
    public async Task AddDoNotCall_KeepsFirstEntry_WhenNumberIsAddedAgain()
    {
        // Arrange
        var (national, e164) = NewNumber();
        var first = await AddAsync(national, "first");

        // Act
        var second = await AddAsync(e164, "second");

        // Assert
        Assert.Equal(first, second);
        var listed = await Client.ListDoNotCallAsync(new ListDoNotCallRequest { PhonePrefix = e164 }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        Assert.Equal("first", Assert.Single(listed.Entries).Reason);
        Assert.Single(await _server.Audit.ListAsync(e164, 10, CancellationToken.None).WaitAsync(TestTimeouts.Default));
    }

    [Theory]
    [InlineData("12345", "phone")]
    [InlineData("+0123456789", "phone")]
    [InlineData("0912abc4567", "phone")]
    [InlineData("", "phone")]
    public async Task AddDoNotCall_FailsInvalidArgumentNamingPhone_WhenNumberIsNotE164OrNational(string phone, string field)
    {
        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => AddAsync(phone));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task AddDoNotCall_FailsInvalidArgumentNamingReason_WhenReasonIsTooLong()
    {
        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => AddAsync(NewNumber().E164, new string('x', 501)));

        // Assert
        Assert.Equal("reason", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task RemoveDoNotCall_RemovesEntryThenFailsNotFound_WhenRemovedTwice()
    {
        // Arrange
        var (national, e164) = NewNumber();
        await AddAsync(e164, "temporary");

        // Act
        var removed = await Client.RemoveDoNotCallAsync(new RemoveDoNotCallRequest { Phone = national }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        var again = await Assert.ThrowsAsync<RpcException>(
            () => Client.RemoveDoNotCallAsync(new RemoveDoNotCallRequest { Phone = e164 }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal((e164, "temporary"), (removed.Removed.Phone, removed.Removed.Reason));
        Assert.False(await _server.DoNotCall.ContainsAsync(e164, CancellationToken.None).WaitAsync(TestTimeouts.Default));
        Assert.Equal(StatusCode.NotFound, again.StatusCode);
        Assert.Contains(e164, again.Status.Detail, StringComparison.Ordinal);
        var audit = await _server.Audit.ListAsync(e164, 10, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(["dnc_removed", "dnc_added"], audit.Select(a => a.Action));
    }

    [Fact]
    public async Task ListDoNotCall_ReturnsEachEntryOnceNewestFirst_WhenNumbersAreAddedBetweenPages()
    {
        // Arrange: numbers of one random prefix, added one after another
        var prefix = "+98913" + Random.Shared.Next(0, 1000).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        var numbers = Enumerable.Range(0, 7).Select(i => prefix + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        foreach (var number in numbers)
        {
            await AddAsync(number);
        }

        // Act
        var listed = new List<string>();
        var request = new ListDoNotCallRequest { PhonePrefix = prefix, PageSize = 3 };
        var extra = 0;
        do
        {
            var page = await Client.ListDoNotCallAsync(request, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
            listed.AddRange(page.Entries.Select(e => e.Phone));
            request.PageToken = page.NextPageToken;
            await AddAsync(prefix + (9000 + extra++).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        while (request.PageToken.Length > 0);

        // Assert
        Assert.Equal(Enumerable.Reverse(numbers), listed);
    }

    [Fact]
    public async Task ListDoNotCall_FailsInvalidArgument_WhenPrefixOrTokenIsBad()
    {
        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ListDoNotCallAsync(
            new ListDoNotCallRequest { PhonePrefix = "0912", PageToken = "AAAA", PageSize = -1 }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["page_size", "page_token", "phone_prefix"], error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DoNotCallMethods_FailPermissionDeniedOrUnauthenticated_WhenKeyIsIntegratorOrMissing()
    {
        // Act
        var integrator = await Assert.ThrowsAsync<RpcException>(() => Client.AddDoNotCallAsync(
            new AddDoNotCallRequest { Phone = NewNumber().E164 }, ApiServerFixture.With(ApiServerFixture.IntegratorKey)).ResponseAsync.WaitAsync(TestTimeouts.Default));
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => Client.ListDoNotCallAsync(
            new ListDoNotCallRequest(), ApiServerFixture.With(null)).ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal((StatusCode.PermissionDenied, StatusCode.Unauthenticated), (integrator.StatusCode, anonymous.StatusCode));
    }
}
