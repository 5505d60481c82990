namespace IvrService.Cli.Tests;

/// <summary>A temporary <c>prompts/</c> folder with English prompt texts and menu files, removed at the end.</summary>
internal sealed class PromptsFolder : IDisposable
{
    public const string Prompts =
        """
        main_menu: "Press 1 to hear goodbye, 0 for the operator."
        invalid: "That is not a valid choice."
        no_input: "We did not hear a choice."
        goodbye: "Goodbye."
        transferring: "Please hold."
        """;

    public PromptsFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "ivrctl-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "prompts", "menus"));
        Directory.CreateDirectory(Path.Combine(Root, "prompts", "en"));
        File.WriteAllText(Path.Combine(Root, "prompts", "en", "prompts.yaml"), Prompts + "\n");
    }

    /// <summary>The working directory; the prompts are in <c>prompts/</c> under it.</summary>
    public string Root { get; }

    /// <summary>Writes <c>prompts/menus/&lt;name&gt;</c> and returns its path relative to <see cref="Root"/>.</summary>
    public string WriteMenu(string name, string yaml)
    {
        var relative = Path.Combine("prompts", "menus", name);
        File.WriteAllText(Path.Combine(Root, relative), yaml);
        return relative;
    }

    public string WriteFile(string name, string text)
    {
        File.WriteAllText(Path.Combine(Root, name), text);
        return name;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
