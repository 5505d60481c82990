using IvrService.Storage.Internal;
using IvrService.Testing;

namespace IvrService.Storage.Tests;

public sealed class PostgresBinariesTests
{
    [Fact]
    public async Task FindUnderDebianLayout_PicksHighestVersion_WhenSeveralHoldInitdb()
    {
        // Arrange: 16 has no initdb (only client tools), so 15 wins over 9.6 and 13.
        await using var directory = TestDataDirectory.Create();
        foreach (var version in new[] { "9.6", "13", "15" })
        {
            CreateTools(Path.Combine(directory.Path, version, "bin"));
        }

        Directory.CreateDirectory(Path.Combine(directory.Path, "16", "bin"));

        // Act
        var found = PostgresBinaries.FindUnderDebianLayout(directory.Path);

        // Assert
        Assert.Equal(Path.Combine(directory.Path, "15", "bin"), found);
    }

    [Fact]
    public async Task FindOnPath_FollowsSymlink_WhenInitdbIsLinked()
    {
        // Arrange: like /usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb.
        await using var directory = TestDataDirectory.Create();
        var real = Path.Combine(directory.Path, "real");
        CreateTools(real);
        var linked = Path.Combine(directory.Path, "linked");
        Directory.CreateDirectory(linked);
        File.CreateSymbolicLink(Path.Combine(linked, "initdb"), Path.Combine(real, "initdb"));

        // Act
        var found = PostgresBinaries.FindOnPath(string.Join(Path.PathSeparator, "/nonexistent", linked));

        // Assert
        Assert.Equal(real, found);
    }

    [Fact]
    public void Resolve_ThrowsNamingKey_WhenConfiguredDirectoryHasNoInitdb()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PostgresBinaries.Resolve("/nonexistent/bin"));

        Assert.Contains("Storage:PostgresBinDirectory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_FindsInstalledServer_WhenNothingIsConfigured()
    {
        var found = PostgresBinaries.Resolve(null);

        Assert.True(File.Exists(PostgresBinaries.InitDb(found)));
        Assert.True(File.Exists(PostgresBinaries.PgCtl(found)));
    }

    private static void CreateTools(string bin)
    {
        Directory.CreateDirectory(bin);
        File.WriteAllText(PostgresBinaries.InitDb(bin), string.Empty);
        File.WriteAllText(PostgresBinaries.PgCtl(bin), string.Empty);
    }
}
