using System.Globalization;
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
    public static string Result(FlowResult result) => SnakeCase(result.ToString());

    /// <summary>A duration as steps write it: <c>6 s</c>, <c>0.5 s</c>.</summary>
    public static string Seconds(TimeSpan span) => $"{span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";

    /// <summary>Why a recording ended, as steps write it.</summary>
    public static string RecordingEndName(RecordingEnd end) => end switch
    {
        RecordingEnd.FinishKey => "finish key",
        RecordingEnd.Silence => "silence",
        RecordingEnd.MaxLength => "maximum length",
        _ => "hang-up",
    };

    /// <summary>A PascalCase name in snake case: <c>OptedOut</c> → <c>opted_out</c>.</summary>
    public static string SnakeCase(string name)
    {
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
