using IvrService.Storage.Internal;
using IvrService.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IvrService.Storage.Tests;

public sealed class FlowVersionStoreTests : FreshDatabaseTest
{
    public FlowVersionStoreTests(PostgresFixture postgres)
        : base(postgres)
    {
    }

    private NpgsqlFlowVersionStore Store => new(Database, Time);

    [Fact]
    public async Task SeedAsync_StoresVersionOneAsCurrent_WhenFlowHasNoVersion()
    {
        // Arrange
        var files = new[] { new FlowSeedFile("after-sales", "id: after-sales\n", "after-sales.yaml") };

        // Act
        var seeded = await Store.SeedAsync(files, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(["after-sales"], seeded);
        var current = await Store.GetCurrentAsync("after-sales", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(
            new FlowVersion("after-sales", 1, "id: after-sales\n", "after-sales.yaml", Start, "seed", "seeded from after-sales.yaml", true),
            current);
    }

    [Fact]
    public async Task ListFlowsAsync_ListsEachKindApart_WhenMenusAndSurveysAreSeededAndPublished()
    {
        // Arrange
        await Store.SeedAsync(
            [new FlowSeedFile("after-sales", "menu", "after-sales.yaml"), new FlowSeedFile("after-service", "survey", "after-service.yaml") { Kind = DefinitionKind.Survey }],
            CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await Store.PublishAsync(DefinitionKind.Survey, "short", "survey", "short.yaml", "ops", null, null, null, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Act
        var surveys = await Store.ListFlowsAsync(DefinitionKind.Survey, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var menus = await Store.ListFlowsAsync(DefinitionKind.Menu, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var all = await Store.ListFlowsAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal([("after-service", DefinitionKind.Survey), ("short", DefinitionKind.Survey)], surveys.Select(f => (f.FlowId, f.Kind)));
        Assert.Equal([("after-sales", DefinitionKind.Menu)], menus.Select(f => (f.FlowId, f.Kind)));
        Assert.Equal(["after-sales", "after-service", "short"], all.Select(f => f.FlowId));
        Assert.Equal(DefinitionKind.Survey, (await Store.GetCurrentAsync("after-service", CancellationToken.None).WaitAsync(TestTimeouts.Default))!.Kind);
        Assert.Equal(DefinitionKind.Survey, await Store.GetKindAsync("short", CancellationToken.None).WaitAsync(TestTimeouts.Default));
        Assert.Null(await Store.GetKindAsync("nothing", CancellationToken.None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task PublishAsync_ThrowsKindMismatchAndStoresNothing_WhenAFlowIsPublishedAsTheOtherKind()
    {
        // Arrange
        await Store.SeedAsync([new FlowSeedFile("after-service", "survey", "after-service.yaml") { Kind = DefinitionKind.Survey }], CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
        await Store.PublishAsync("after-sales", "menu", "after-sales.yaml", "ops", null, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Act
        var asMenu = await Assert.ThrowsAsync<FlowKindMismatchException>(
            () => Store.PublishAsync("after-service", "menu now", "x.yaml", "ops", null, CancellationToken.None)).WaitAsync(TestTimeouts.Default);
        var asSurvey = await Assert.ThrowsAsync<FlowKindMismatchException>(
            () => Store.PublishAsync(DefinitionKind.Survey, "after-sales", "survey now", "x.yaml", "ops", null, null, null, CancellationToken.None)).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(("after-service", DefinitionKind.Survey, DefinitionKind.Menu), (asMenu.FlowId, asMenu.StoredKind, asMenu.RequestedKind));
        Assert.Equal(("after-sales", DefinitionKind.Menu, DefinitionKind.Survey), (asSurvey.FlowId, asSurvey.StoredKind, asSurvey.RequestedKind));
        Assert.Single(await Store.ListVersionsAsync("after-service", CancellationToken.None).WaitAsync(TestTimeouts.Default));
        Assert.Single(await Store.ListVersionsAsync("after-sales", CancellationToken.None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task SeedAsync_LeavesStoredFlowAlone_WhenFlowAlreadyHasVersions()
    {
        // Arrange
        await Store.SeedAsync([new FlowSeedFile("after-sales", "first", "after-sales.yaml")], CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await Store.PublishAsync("after-sales", "second", "edit.yaml", "admin", null, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Act
        var seeded = await Store.SeedAsync(
            [new FlowSeedFile("after-sales", "changed file", "after-sales.yaml"), new FlowSeedFile("hotline", "hot", "hotline.yaml")],
            CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(["hotline"], seeded);
        var versions = await Store.ListVersionsAsync("after-sales", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal([(2, "second", true), (1, "first", false)], versions.Select(v => (v.Version, v.Yaml, v.IsCurrent)));
    }

    [Fact]
    public async Task PublishAsync_UsesEveryNumberOnce_WhenTenPublishersRunAtOnce()
    {
        // Arrange
        await Store.SeedAsync([new FlowSeedFile("after-sales", "v1", "after-sales.yaml")], CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Act
        var published = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(
            () => Store.PublishAsync("after-sales", $"edit {i}", "edit.yaml", $"admin{i}", null, CancellationToken.None))))
            .WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(Enumerable.Range(2, 10), published.Select(p => p.Version).Order());
        var versions = await Store.ListVersionsAsync("after-sales", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(Enumerable.Range(1, 11).Reverse(), versions.Select(v => v.Version));
        var current = await Store.GetCurrentVersionNumberAsync("after-sales", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(11, current);

        // Each publisher got back the text it stored under its number.
        foreach (var version in published)
        {
            var stored = await Store.GetAsync("after-sales", version.Version, CancellationToken.None).WaitAsync(TestTimeouts.Default);
            Assert.Equal(version.Yaml, stored!.Yaml);
            Assert.Equal(version.PublishedBy, stored.PublishedBy);
        }
    }

    [Fact]
    public async Task PublishAsync_StartsAtVersionOne_WhenFlowIsNew()
    {
        // Act
        var published = await Store.PublishAsync("hotline", "v1", "hotline.yaml", "admin", "first cut", CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(new FlowVersion("hotline", 1, "v1", "hotline.yaml", Start, "admin", "first cut", true), published);
        var flows = await Store.ListFlowsAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal([new FlowSummary("hotline", 1, 1, Start)], flows);
    }

    [Fact]
    public async Task RollbackAsync_MakesEarlierVersionCurrent_WhenVersionExists()
    {
        // Arrange
        await Store.SeedAsync([new FlowSeedFile("after-sales", "v1", "after-sales.yaml")], CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await Store.PublishAsync("after-sales", "v2", "edit.yaml", "admin", null, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Time.Advance(TimeSpan.FromMinutes(5));

        // Act
        var current = await Store.RollbackAsync("after-sales", 1, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal((1, "v1", true), (current.Version, current.Yaml, current.IsCurrent));
        Assert.Equal(1, await Store.GetCurrentVersionNumberAsync("after-sales", CancellationToken.None).WaitAsync(TestTimeouts.Default));
        var flows = await Store.ListFlowsAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal([new FlowSummary("after-sales", 1, 2, Start.AddMinutes(5))], flows);

        // The next publish goes after the latest version, not after the current one.
        var next = await Store.PublishAsync("after-sales", "v3", "edit.yaml", "admin", null, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(3, next.Version);
    }

    [Fact]
    public async Task RollbackAsync_ThrowsNotFound_WhenVersionIsAbsent()
    {
        // Arrange
        await Store.SeedAsync([new FlowSeedFile("after-sales", "v1", "after-sales.yaml")], CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Act
        var error = await Assert.ThrowsAsync<FlowVersionNotFoundException>(
            () => Store.RollbackAsync("after-sales", 7, CancellationToken.None)).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(("after-sales", 7, "Flow 'after-sales' has no version 7."), (error.FlowId, error.Version, error.Message));
        Assert.Equal(1, await Store.GetCurrentVersionNumberAsync("after-sales", CancellationToken.None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task GetCurrentAsync_ReturnsNull_WhenFlowIsNotStored()
    {
        // Act
        var current = await Store.GetCurrentAsync("missing", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var number = await Store.GetCurrentVersionNumberAsync("missing", CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Null(current);
        Assert.Null(number);
    }
}
