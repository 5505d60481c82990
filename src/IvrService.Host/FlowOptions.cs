namespace IvrService.Host;

/// <summary>The <c>Flows</c> configuration section: which menu answers inbound calls and where calls may be transferred.</summary>
public sealed class FlowOptions
{
    public const string SectionName = "Flows";

    /// <summary>The id of the flow every inbound call runs (<c>Flows:InboundMenu</c>).</summary>
    public string InboundMenu { get; set; } = "after-sales";

    /// <summary>
    /// The transfer allow-list (<c>Flows:TransferDestinations</c>): a name used by transfer nodes, and the SIP
    /// URI it stands for, e.g. <c>operator: sip:operator@127.0.0.1:5070</c>.
    /// </summary>
    public Dictionary<string, string> TransferDestinations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The folder of the menu files that seed version 1 of each flow, relative to the program's folder (<c>Flows:MenusDirectory</c>).</summary>
    public string MenusDirectory { get; set; } = "prompts/menus";
}
