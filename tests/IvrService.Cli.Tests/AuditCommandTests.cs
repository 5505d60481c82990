using System.Globalization;
using System.Text.Json;

namespace IvrService.Cli.Tests;

/// <summary>
/// <c>ivrctl audit list</c> run as a process against a real API host, after admin changes made with ivrctl itself under
/// an admin key of the test's own (so filtering by that actor sees only them).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class AuditCommandTests : IDisposable
{
    private readonly ServerFixture _server;
    private readonly PromptsFolder _folder = new();

    public AuditCommandTests(ServerFixture server)
    {
        _server = server;
    }

    public void Dispose() => _folder.Dispose();

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        Ivrctl.RunAsync(_folder.Root, null, [.. args, .. _server.AsAdmin]);

    private Task<(int ExitCode, string Output, string Error)> RunWithKeyAsync(string key, params string[] args) =>
        Ivrctl.RunAsync(_folder.Root, null, [.. args, "--server", _server.Address, "--key", key]);

    /// <summary>Creates an admin key with ivrctl, publishes a menu and puts a number on the do-not-call list with it.</summary>
    private async Task<(string Actor, string MenuId, string Number)> MakeChangesAsync()
    {
        var actor = "auditor-" + Guid.NewGuid().ToString("N")[..8];
        var created = await RunAsync("keys", "create", actor, "--scope", "admin");
        Assert.Equal(0, created.ExitCode);
        var key = created.Output.TrimEnd('\n');
        var menuId = "m" + Guid.NewGuid().ToString("N")[..10];
        var menu = _folder.WriteMenu(menuId + ".yaml", Menus.Valid.Replace("id: test", "id: " + menuId, StringComparison.Ordinal));
        var number = "+98935" + Random.Shared.Next(0, 10_000_000).ToString("D7", CultureInfo.InvariantCulture);
        Assert.Equal(0, (await RunWithKeyAsync(key, "publish", menu, "--comment", "first cut")).ExitCode);
        Assert.Equal(0, (await RunWithKeyAsync(key, "dnc", "add", number, "--reason", "asked, twice")).ExitCode);
        return (actor, menuId, number);
    }

    [Fact]
    public async Task AuditList_PrintsChangesNewestFirstAsTableCsvAndJson_WhenFilteredByActor()
    {
        // Arrange
        var (actor, menuId, number) = await MakeChangesAsync();

        // Act
        var table = await RunAsync("audit", "list", "--actor", actor);
        var csv = await RunAsync("audit", "list", "--actor", actor, "--format", "csv");
        var json = await RunAsync("audit", "list", "--actor", actor, "--format", "json", "--action", "menu_published");
        var created = await RunAsync("audit", "list", "--target", actor, "--limit", "1");

        // Assert
        Assert.Equal((0, ""), (table.ExitCode, table.Error));
        var lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^ID +CHANGED +ACTOR +SCOPE +ACTION +TARGET +VERSION +DETAIL$", lines[0]);
        const string When = @"\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ";
        Assert.Matches($@"^\d+ +{When} +{actor} +admin +dnc_added +\{number} +- +asked, twice$", lines[1]);
        Assert.Matches($@"^\d+ +{When} +{actor} +admin +menu_published +{menuId} +1 +first cut$", lines[2]);

        Assert.Equal((0, ""), (csv.ExitCode, csv.Error));
        var rows = csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ID,CHANGED,ACTOR,SCOPE,ACTION,TARGET,VERSION,DETAIL", rows[0]);
        Assert.Matches($@"^\d+,\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{6}}Z,{actor},admin,dnc_added,\{number},,""asked, twice""$", rows[1]);
        Assert.Matches($@"^\d+,[^,]+,{actor},admin,menu_published,{menuId},1,first cut$", rows[2]);
        Assert.Equal(3, rows.Length);

        Assert.Equal((0, ""), (json.ExitCode, json.Error));
        using var document = JsonDocument.Parse(json.Output);
        var entry = Assert.Single(document.RootElement.EnumerateArray().ToArray());
        Assert.Equal(
            (actor, "API_KEY_SCOPE_ADMIN", "menu_published", menuId, 1, "first cut"),
            (entry.GetProperty("actor").GetString(), entry.GetProperty("actorScope").GetString(), entry.GetProperty("action").GetString(),
                entry.GetProperty("target").GetString(), entry.GetProperty("version").GetInt32(), entry.GetProperty("detail").GetString()));

        Assert.Equal(0, created.ExitCode);
        Assert.Matches($@"\n\d+ +{When} +ops +admin +api_key_created +{actor} +- +scope admin\n$", created.Output);
    }

    [Fact]
    public async Task AuditList_ExitsOneWithTheServersReason_WhenKeyIsIntegratorOrFilterIsBad()
    {
        // Act
        var integrator = await Ivrctl.RunAsync(_folder.Root, null, ["audit", "list", .. _server.AsIntegrator]);
        var badAction = await RunAsync("audit", "list", "--action", "Menu Published");

        // Assert
        Assert.Equal((1, ""), (integrator.ExitCode, integrator.Output));
        Assert.Contains("(PERMISSION_DENIED)", integrator.Error, StringComparison.Ordinal);
        Assert.Equal((1, ""), (badAction.ExitCode, badAction.Output));
        Assert.Contains("(INVALID_ARGUMENT)", badAction.Error, StringComparison.Ordinal);
        Assert.Contains("  action: ", badAction.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditList_ExitsTwo_WhenCommandLineIsWrong()
    {
        // Act
        var badTime = await RunAsync("audit", "list", "--from", "yesterday");
        var both = await RunAsync("audit", "list", "--limit", "5", "--all");
        var format = await RunAsync("audit", "list", "--format", "xml");
        var noKey = await Ivrctl.RunAsync(_folder.Root, null, "audit", "list", "--server", _server.Address);

        // Assert
        Assert.Equal([2, 2, 2, 2], new[] { badTime.ExitCode, both.ExitCode, format.ExitCode, noKey.ExitCode });
        Assert.Contains("--from: 'yesterday' is not an ISO 8601 time", badTime.Error, StringComparison.Ordinal);
        Assert.Contains("--all and --limit", both.Error, StringComparison.Ordinal);
        Assert.Contains("xml", format.Error, StringComparison.Ordinal);
        Assert.All(new[] { badTime.Output, both.Output, format.Output, noKey.Output }, output => Assert.Equal("", output));
    }
}
