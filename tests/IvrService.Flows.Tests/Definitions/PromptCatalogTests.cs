namespace IvrService.Flows.Tests.Definitions;

public sealed class PromptCatalogTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ivr-catalog-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Load_ReadsEveryLanguageFolder_WhenKeysHaveDots()
    {
        Write("fa", "welcome: \"خوش آمدید\"\nnumber.1000: هزار\nstatus.in_progress: 'در حال انجام'\n");
        Write("en", "# comment\nwelcome: Welcome\n");
        Directory.CreateDirectory(Path.Combine(_root, "menus"));

        var catalog = PromptCatalog.Load(_root);

        Assert.Equal(["en", "fa"], catalog.Languages);
        Assert.True(catalog.TryGetText("fa", "number.1000", out var thousand));
        Assert.Equal("هزار", thousand);
        Assert.True(catalog.TryGetText("fa", "status.in_progress", out var status));
        Assert.Equal("در حال انجام", status);
        Assert.False(catalog.TryGetText("en", "number.1000", out _));
        Assert.False(catalog.TryGetText("de", "welcome", out _));
    }

    [Theory]
    [InlineData("welcome: [a, b]\n", ":1:10: the text of prompt 'welcome' must be a string, not a list")]
    [InlineData("welcome:\n", ":1:9: prompt 'welcome' has no text")]
    [InlineData("welcome: a\nwelcome: b\n", ":2:1: prompt 'welcome' is defined twice")]
    [InlineData("a/b: text\n", ":1:1: 'a/b' is not a prompt key; a key is letters, digits, '_', '-' and '.'")]
    [InlineData("welcome:\n  menu: x\n bye: y\n", ":3:2: YAML syntax error: While parsing a block mapping, did not find expected key.")]
    [InlineData("- welcome\n", ":1:1: a prompt file must be a map of key: text, not a list")]
    public void Load_NamesFileLineAndColumn_WhenAFileIsWrong(string text, string expected)
    {
        var file = Write("en", text);

        var error = Assert.Throws<InvalidDataException>(() => PromptCatalog.Load(_root));

        Assert.Equal(file + expected, error.Message);
    }

    [Fact]
    public void Load_NamesTheFolder_WhenItDoesNotExist()
    {
        var missing = Path.Combine(_root, "nowhere");

        var error = Assert.Throws<DirectoryNotFoundException>(() => PromptCatalog.Load(missing));

        Assert.Equal($"Prompt folder '{missing}' does not exist.", error.Message);
    }

    private string Write(string language, string text)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, language)).FullName;
        var file = Path.Combine(folder, "prompts.yaml");
        File.WriteAllText(file, text);
        return file;
    }
}
