using IvrService.Sip;
using Microsoft.Extensions.Options;

namespace IvrService.Host.Internal;

/// <summary>Checks the <c>Flows</c> section at start; every message names its configuration key.</summary>
internal sealed class FlowOptionsValidator(IHostEnvironment environment) : IValidateOptions<FlowOptions>
{
    public ValidateOptionsResult Validate(string? name, FlowOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.InboundMenu))
        {
            problems.Add("Flows:InboundMenu: must name the flow inbound calls run (e.g. after-sales)");
        }

        foreach (var (destination, uri) in options.TransferDestinations)
        {
            if (string.IsNullOrWhiteSpace(uri) || !SipUri.TryParse(uri.Trim(), out var parsed) || string.IsNullOrEmpty(parsed.Host))
            {
                problems.Add($"Flows:TransferDestinations:{destination}: '{uri}' is not a SIP URI (e.g. sip:operator@10.0.0.5:5060)");
            }
        }

        if (string.IsNullOrWhiteSpace(options.MenusDirectory))
        {
            problems.Add("Flows:MenusDirectory: must name the folder of the menu files");
        }
        else
        {
            var path = Path.GetFullPath(options.MenusDirectory, environment.ContentRootPath);
            if (!Directory.Exists(path))
            {
                problems.Add($"Flows:MenusDirectory: '{path}' does not exist");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
