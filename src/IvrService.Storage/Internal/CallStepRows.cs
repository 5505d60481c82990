using IvrService.Flows;
using Npgsql;

namespace IvrService.Storage.Internal;

/// <summary>
/// Reads call steps from a query selecting <c>call_id, seq, at, node_id, kind, detail, flow_id, flow_version</c>,
/// in that order.
/// </summary>
internal static class CallStepRows
{
    public const string Columns = "call_id, seq, at, node_id, kind, detail, flow_id, flow_version";

    public static async Task<IReadOnlyList<CallStep>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var steps = new List<CallStep>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                steps.Add(Read(reader));
            }
        }

        return steps;
    }

    /// <summary>The step on the reader's current row.</summary>
    public static CallStep Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt32(1),
        reader.GetFieldValue<DateTimeOffset>(2),
        reader.GetString(3),
        FlowText.ToStepKind(reader.GetString(4)),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.GetString(6),
        reader.GetInt32(7));
}
