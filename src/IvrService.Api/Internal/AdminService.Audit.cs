using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Storage;

namespace IvrService.Api.Internal;

/// <summary>
/// The Admin service's audit log: the entries every admin change wrote, read in filtered pages, newest first; the page
/// token is a <see cref="KeysetPageToken"/> with a snapshot (the change's time, the entry id, the snapshot max id) and
/// the fingerprint of the filters.
/// </summary>
internal sealed partial class AdminService
{
    private const int MaxAuditTextLength = 200;
    private const int MaxAuditActionLength = 64;

    public override async Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var pageSize = violations.PageSize(request.PageSize, IAdminAuditLog.MaxPageSize);
        var from = violations.Instant(request.Changed?.StartTime, "changed.start_time");
        var before = violations.Instant(request.Changed?.EndTime, "changed.end_time");
        if (from is { } start && before is { } end && end <= start)
        {
            violations.Add("changed.end_time", "must be after changed.start_time");
        }

        AuditText(request.Actor, "actor", violations);
        AuditText(request.Target, "target", violations);
        if (request.Action.Length > MaxAuditActionLength
            || request.Action.AsSpan().IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789_") >= 0)
        {
            violations.Add("action", $"must be an action name such as menu_published: lowercase letters, digits and '_', at most {MaxAuditActionLength} characters");
        }

        var filter = new AdminAuditFilter(
            from,
            before,
            request.Actor.Length == 0 ? null : request.Actor,
            request.Action.Length == 0 ? null : request.Action,
            request.Target.Length == 0 ? null : request.Target);
        var filters = string.Create(CultureInfo.InvariantCulture, $"audit|{from?.UtcTicks}|{before?.UtcTicks}|")
            + KeysetPageToken.Part(filter.KeyName) + "|" + KeysetPageToken.Part(filter.Action) + "|" + KeysetPageToken.Part(filter.Target);
        KeysetPageToken.Position position = default;
        if (request.PageToken.Length > 0
            && !KeysetPageToken.TryDecode(request.PageToken, "ListAuditEntries", withSnapshot: true, filters, out position, out var tokenError))
        {
            violations.Add("page_token", tokenError!);
        }

        violations.ThrowIfAny();

        var after = request.PageToken.Length == 0 ? null : new AdminAuditCursor(position.At, position.Id, position.SnapshotMaxId);
        var page = await _audit.ListPageAsync(filter, after, pageSize, context.CancellationToken).ConfigureAwait(false);
        var response = new ListAuditEntriesResponse();
        if (page.Next is { } next)
        {
            response.NextPageToken = KeysetPageToken.Encode(new(next.At, next.Id, next.SnapshotMaxId), withSnapshot: true, filters);
        }

        foreach (var entry in page.Entries)
        {
            response.Entries.Add(new AuditEntry
            {
                Id = entry.Id,
                ChangedAt = Timestamp.FromDateTimeOffset(entry.At),
                Actor = entry.KeyName,
                ActorScope = entry.Scope switch
                {
                    "admin" => ApiKeyScope.Admin,
                    "integrator" => ApiKeyScope.Integrator,
                    _ => ApiKeyScope.Unspecified,
                },
                Action = entry.Action,
                Target = entry.Target,
                Version = entry.Version ?? 0,
                Detail = entry.Detail ?? "",
            });
        }

        return response;
    }

    private static void AuditText(string text, string field, FieldViolations violations)
    {
        if (text.Length > MaxAuditTextLength)
        {
            violations.Add(field, $"must be at most {MaxAuditTextLength} characters; has {text.Length}");
        }
        else if (text.Any(char.IsControl))
        {
            violations.Add(field, "must not contain control characters");
        }
    }
}
