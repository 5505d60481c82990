using System.Text;
using IvrService.Flows;

namespace IvrService.Storage.Internal;

/// <summary>Flow enums as stored: snake_case text (<c>node_entered</c>, <c>callback_requested</c>).</summary>
internal static class FlowText
{
    private static readonly Dictionary<string, FlowStepKind> StepKinds = Build<FlowStepKind>();

    public static string From(FlowStepKind kind) => SnakeCase(kind.ToString());

    public static string From(FlowResult result) => SnakeCase(result.ToString());

    public static FlowStepKind ToStepKind(string text) =>
        StepKinds.TryGetValue(text, out var kind) ? kind : throw new InvalidDataException($"Unknown call step kind '{text}'.");

    private static Dictionary<string, T> Build<T>()
        where T : struct, Enum
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var value in Enum.GetValues<T>())
        {
            map[SnakeCase(value.ToString())] = value;
        }

        return map;
    }

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
