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
}
