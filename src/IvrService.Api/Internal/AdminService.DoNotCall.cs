using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Storage;
using PhoneNumbers = IvrService.Flows.PhoneNumbers;
using StorageDoNotCallEntry = IvrService.Storage.DoNotCallEntry;

namespace IvrService.Api.Internal;

/// <summary>The Admin service's do-not-call methods: numbers are normalised to E.164 and each change is audited with it.</summary>
internal sealed partial class AdminService
{
    private const int MaxReasonLength = 500;
    private const int MaxDoNotCallPageSize = 1000;

    public override async Task<V1.DoNotCallEntry> AddDoNotCall(AddDoNotCallRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var phone = Phone(request.Phone, violations);
        if (request.Reason.Length > MaxReasonLength)
        {
            violations.Add("reason", $"must be at most {MaxReasonLength} characters; has {request.Reason.Length}");
        }
        else if (request.Reason.Any(c => char.IsControl(c) && c is not ('\n' or '\t')))
        {
            violations.Add("reason", "must not contain control characters");
        }

        violations.ThrowIfAny();
        var caller = Caller(context);
        var now = _time.GetUtcNow();
        var audit = new AdminAuditEntry(now, caller.Name, ScopeText(caller.Scope), "dnc_added", phone, null, request.Reason.Length == 0 ? null : request.Reason);
        var (entry, added) = await _doNotCall.AddAsync(
            new StorageDoNotCallEntry(phone, request.Reason, caller.Name, now), audit, context.CancellationToken).ConfigureAwait(false);
        if (added)
        {
            ApiLog.DoNotCallChanged(_logger, phone, "added", caller.Name);
        }

        return ToApi(entry);
    }

    public override async Task<RemoveDoNotCallResponse> RemoveDoNotCall(RemoveDoNotCallRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var phone = Phone(request.Phone, violations);
        violations.ThrowIfAny();
        var caller = Caller(context);
        var audit = new AdminAuditEntry(_time.GetUtcNow(), caller.Name, ScopeText(caller.Scope), "dnc_removed", phone, null, null);
        var removed = await _doNotCall.RemoveAsync(phone, audit, context.CancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"{phone} is not on the do-not-call list"));
        ApiLog.DoNotCallChanged(_logger, phone, "removed", caller.Name);
        return new RemoveDoNotCallResponse { Removed = ToApi(removed) };
    }

    public override async Task<ListDoNotCallResponse> ListDoNotCall(ListDoNotCallRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var prefix = request.PhonePrefix.Trim();
        if (prefix.Length > 0 && (prefix.Length > 16 || prefix[0] != '+' || prefix.AsSpan(1).IndexOfAnyExceptInRange('0', '9') >= 0))
        {
            violations.Add("phone_prefix", "must be the start of an E.164 number: '+' and up to 15 digits (+98912)");
        }

        var pageSize = violations.PageSize(request.PageSize, MaxDoNotCallPageSize);
        DoNotCallCursor? after = null;
        if (request.PageToken.Length > 0 && !DoNotCallPageToken.TryDecode(request.PageToken, out after))
        {
            violations.Add("page_token", "is not a page token of ListDoNotCall");
        }

        violations.ThrowIfAny();
        var entries = await _doNotCall.ListAsync(prefix.Length == 0 ? null : prefix, after, pageSize + 1, context.CancellationToken).ConfigureAwait(false);
        var response = new ListDoNotCallResponse();
        foreach (var entry in entries.Take(pageSize))
        {
            response.Entries.Add(ToApi(entry));
        }

        if (entries.Count > pageSize)
        {
            var last = entries[pageSize - 1];
            response.NextPageToken = DoNotCallPageToken.Encode(new DoNotCallCursor(last.AddedAt, last.Phone));
        }

        return response;
    }

    private static string Phone(string phone, FieldViolations violations)
    {
        if (phone.Length == 0)
        {
            violations.Add("phone", "must be given");
            return "";
        }

        if (phone.Length > 32)
        {
            violations.Add("phone", "is longer than a phone number");
            return "";
        }

        if (!PhoneNumbers.TryNormalize(phone, out var e164, out var error))
        {
            violations.Add("phone", error!);
            return "";
        }

        return e164;
    }

    private static V1.DoNotCallEntry ToApi(StorageDoNotCallEntry entry) =>
        new()
        {
            Phone = entry.Phone,
            Reason = entry.Reason,
            AddedBy = entry.AddedBy,
            AddedAt = Timestamp.FromDateTimeOffset(entry.AddedAt),
        };
}
