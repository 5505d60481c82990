using System.Text;
using IvrService.Flows.Definitions;

namespace IvrService.Flows.Internal;

/// <summary>The names node kinds and results have in definitions, call records and transcripts.</summary>
internal static class FlowNames
{
    public static string Kind(FlowNode node) => node switch
    {
        MenuNode => "menu",
        CollectNode => "collect",
        SayNode => "say",
        LookupNode => "lookup",
        ServiceRequestNode => "service_request",
        RecordNode => "record",
        TransferNode => "transfer",
        CallbackNode => "callback",
        HoursNode => "hours",
        LanguageNode => "language",
        GotoNode => "goto",
        BackNode => "back",
        RepeatNode => "repeat",
        HangupNode => "hangup",
        _ => node.GetType().Name,
    };

    /// <summary>A result in snake case: <c>MessageLeft</c> → <c>message_left</c>.</summary>
    public static string Result(FlowResult result)
    {
        var name = result.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
