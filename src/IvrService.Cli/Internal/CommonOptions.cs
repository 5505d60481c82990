using System.CommandLine;

namespace IvrService.Cli.Internal;

internal static class CommonOptions
{
    public static Option<string?> Prompts() => new("--prompts")
    {
        Description = "The prompts folder (prompts/<lang>/prompts.yaml); default: the folder holding the menu's menus/ folder.",
    };

    public static Option<string?> Settings() => new("--settings")
    {
        Description = "An appsettings.json with Flows:TransferDestinations; default: appsettings.json in the current directory, else beside the prompts folder, else src/IvrService.Host/appsettings.json beside it.",
    };

    /// <summary><c>--kind menu|survey</c> of a flow named by id (menus unless said otherwise).</summary>
    public static Option<string> Kind()
    {
        var kind = new Option<string>("--kind") { Description = "What the id names: a menu or a survey.", DefaultValueFactory = _ => "menu" };
        kind.AcceptOnlyFromAmong("menu", "survey");
        return kind;
    }

    /// <summary>The contract's flow kind of a <see cref="Kind"/> value.</summary>
    public static Api.V1.FlowKind FlowKind(string name) => name == "survey" ? Api.V1.FlowKind.Survey : Api.V1.FlowKind.Menu;
}
