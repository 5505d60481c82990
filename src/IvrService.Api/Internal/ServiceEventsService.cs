using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.HappyCalls;
using IvrService.Storage;
using StoredState = IvrService.Storage.HappyCalls.HappyCallState;
using PhoneNumbers = IvrService.Flows.PhoneNumbers;
using Microsoft.Extensions.Logging;

namespace IvrService.Api.Internal;

/// <summary>
/// The ServiceEvents service: completed services (each schedules one happy call through
/// <see cref="IHappyCallScheduler"/>) and their cancellation, service requests (which the follow-up menu reads) and
/// customers.
/// </summary>
internal sealed class ServiceEventsService : ServiceEvents.ServiceEventsBase
{
    private const int MinNumberLength = 4;
    private const int MaxNumberLength = 20;
    private const int MaxIdLength = 128;
    private const int MaxNameLength = 200;
    private const int MaxCodeLength = 64;
    private const int MaxPhones = 10;
    private const string DefaultLanguage = "fa";
    private const string DefaultTimeZone = "Asia/Tehran";
    private const int MaxReasonLength = 500;

    /// <summary>The google.rpc.ErrorInfo reason of a cancellation refused because the happy call has ended.</summary>
    public const string HappyCallEndedReason = "HAPPY_CALL_ENDED";

    /// <summary>The google.rpc.ErrorInfo domain of the product's errors.</summary>
    public const string ErrorDomain = "ivr.v1";

    private readonly IServiceRequestStore _requests;
    private readonly ICustomerStore _customers;
    private readonly IHappyCallScheduler? _scheduler;
    private readonly TimeProvider _time;
    private readonly ILogger<ServiceEventsService> _logger;

    public ServiceEventsService(
        IServiceRequestStore requests,
        ICustomerStore customers,
        TimeProvider time,
        ILogger<ServiceEventsService> logger,
        IHappyCallScheduler? scheduler = null)
    {
        _requests = requests;
        _customers = customers;
        _scheduler = scheduler;
        _time = time;
        _logger = logger;
    }

    public override async Task<ReportServiceCompletedResponse> ReportServiceCompleted(ReportServiceCompletedRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var completedAt = violations.Instant(request.CompletedAt, "completed_at");
        violations.ThrowIfAny();

        var completion = new ServiceCompletion(
            request.ServiceId,
            request.CustomerId,
            request.Phone,
            request.CustomerName,
            request.Language,
            request.TechnicianId,
            request.TechnicianName,
            request.ServiceType,
            completedAt ?? default,
            request.TimeZone,
            request.SurveyId);
        Storage.HappyCalls.HappyCall call;
        bool created;
        try
        {
            (call, created) = await Scheduler().ReportAsync(completion, context.CancellationToken).ConfigureAwait(false);
        }
        catch (ServiceCompletionException problems)
        {
            foreach (var (field, problem) in problems.Problems)
            {
                violations.Add(field, problem);
            }

            violations.ThrowIfAny();
            throw;
        }

        ApiLog.ServiceCompletedReported(_logger, call.ServiceId, call.Id, created ? "scheduled" : "repeated", ApiKeyInterceptor.IdentityOf(context)?.Name ?? "");
        var response = new ReportServiceCompletedResponse
        {
            HappyCallId = SurveyResultMapper.Id(call.Id),
            Created = created,
            NormalizedPhone = call.Phone,
            State = SurveyResultMapper.ToApi(call.State),
        };
        if (call.NextAttemptAt is { } due)
        {
            response.ScheduledFor = Timestamp.FromDateTimeOffset(due);
        }

        return response;
    }

    public override async Task<CancelHappyCallResponse> CancelHappyCall(CancelHappyCallRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        long? happyCallId = null;
        string? serviceId = null;
        switch (request.TargetCase)
        {
            case CancelHappyCallRequest.TargetOneofCase.HappyCallId:
                if (SurveyResultMapper.TryParseId(request.HappyCallId, out var id))
                {
                    happyCallId = id;
                }
                else
                {
                    violations.Add("happy_call_id", $"must be a happy_call_id as ReportServiceCompleted returned it (a positive number); was '{Shorten(request.HappyCallId)}'");
                }

                break;
            case CancelHappyCallRequest.TargetOneofCase.ServiceId:
                if (violations.Identifier(request.ServiceId, "service_id", MaxIdLength))
                {
                    serviceId = request.ServiceId;
                }

                break;
            default:
                violations.Add("target", "give service_id or happy_call_id");
                break;
        }

        violations.FreeText(request.Reason, "reason", MaxReasonLength);
        violations.ThrowIfAny();

        var outcome = await Scheduler().CancelAsync(happyCallId, serviceId, request.Reason, context.CancellationToken).ConfigureAwait(false);
        if (outcome is null)
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, happyCallId is { } given
                ? $"no happy call with id {given}"
                : $"no happy call for service '{serviceId}'"));
        }

        var call = outcome.Call;
        var state = SurveyResultMapper.ToApi(call.State);
        ApiLog.HappyCallCancelRequested(_logger, call.Id, call.ServiceId, state, ApiKeyInterceptor.IdentityOf(context)?.Name ?? "");
        if (call.State is StoredState.Finished or StoredState.Unreached or StoredState.DoNotCall)
        {
            throw Ended(call.Id, state);
        }

        // Pending → CANCELLED; in progress → IN_PROGRESS (no attempt after this one); cancelled before → CANCELLED again.
        return new CancelHappyCallResponse { HappyCallId = SurveyResultMapper.Id(call.Id), State = state };
    }

    /// <summary>The scheduler; a server composed without happy calls answers their methods UNIMPLEMENTED.</summary>
    private IHappyCallScheduler Scheduler() => _scheduler
        ?? throw new RpcException(new Grpc.Core.Status(StatusCode.Unimplemented, "happy calls are not set up on this server (AddIvrHappyCalls)"));

    /// <summary>FAILED_PRECONDITION for a happy call that has ended, its state in a google.rpc.ErrorInfo detail.</summary>
    private static RpcException Ended(long id, V1.HappyCallState state)
    {
        var stateName = ServiceEventsReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("HappyCallState")
            .FindValueByNumber((int)state).Name;
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.FailedPrecondition,
            Message = $"happy call {id} has already ended ({stateName}); there is nothing to cancel",
            Details =
            {
                Any.Pack(new ErrorInfo
                {
                    Reason = HappyCallEndedReason,
                    Domain = ErrorDomain,
                    Metadata = { ["happy_call_id"] = SurveyResultMapper.Id(id), ["state"] = stateName },
                }),
            },
        };
        return status.ToRpcException();
    }

    public override async Task<UpsertServiceRequestResponse> UpsertServiceRequest(UpsertServiceRequestRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        if (request.ServiceRequest is not { } given)
        {
            violations.Add("service_request", "must be given").ThrowIfAny();
            throw new InvalidOperationException("unreachable");
        }

        if (given.Number.Length == 0)
        {
            violations.Add("service_request.number", "must be given");
        }
        else if (given.Number.Length is < MinNumberLength or > MaxNumberLength || !given.Number.All(char.IsAsciiDigit))
        {
            violations.Add("service_request.number", $"must be {MinNumberLength} to {MaxNumberLength} digits (as the caller keys it)");
        }

        string? status = null;
        if (violations.DefinedEnum(given.Status, "service_request.status", allowUnspecified: false))
        {
            status = StatusCodes.ToCode(given.Status);
        }

        var statusDate = Date(given.StatusDate, "service_request.status_date", violations);
        var visitDate = Date(given.VisitDate, "service_request.visit_date", violations);
        var technicianId = Text(given.TechnicianId, "service_request.technician_id", MaxIdLength, violations);
        var technicianName = Text(given.TechnicianName, "service_request.technician_name", MaxNameLength, violations);
        var productCode = Text(given.ProductCode, "service_request.product_code", MaxCodeLength, violations);
        var serviceType = Text(given.ServiceType, "service_request.service_type", MaxCodeLength, violations);
        var customerId = Text(given.CustomerId, "service_request.customer_id", MaxIdLength, violations);
        string? phone = null;
        if (given.CustomerPhone.Length > 0)
        {
            if (PhoneNumbers.TryNormalize(given.CustomerPhone, out var e164, out var phoneError))
            {
                phone = e164;
            }
            else
            {
                violations.Add("service_request.customer_phone", phoneError!);
            }
        }

        violations.ThrowIfAny();

        var now = _time.GetUtcNow();
        var record = new ServiceRequestRecord(given.Number, status!, statusDate, visitDate, technicianName, productCode, phone, null, now, now, null)
        {
            TechnicianId = technicianId,
            ServiceType = serviceType,
            CustomerId = customerId,
        };
        var (stored, created) = await _requests.UpsertServiceRequestAsync(record, context.CancellationToken).ConfigureAwait(false);
        ApiLog.ServiceRequestUpserted(_logger, stored.Number, created ? "created" : "replaced", ApiKeyInterceptor.IdentityOf(context)?.Name ?? "");
        return new UpsertServiceRequestResponse
        {
            ServiceRequest = ToApi(stored),
            Created = created,
            UpdatedAt = Timestamp.FromDateTimeOffset(stored.UpdatedAt),
        };
    }

    public override async Task<UpsertCustomerResponse> UpsertCustomer(UpsertCustomerRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        if (request.Customer is not { } given)
        {
            violations.Add("customer", "must be given").ThrowIfAny();
            throw new InvalidOperationException("unreachable");
        }

        if (given.CustomerId.Length == 0)
        {
            violations.Add("customer.customer_id", "must be given");
        }
        else
        {
            Text(given.CustomerId, "customer.customer_id", MaxIdLength, violations);
        }

        var name = Text(given.Name, "customer.name", MaxNameLength, violations) ?? "";
        var phones = new List<string>(given.Phones.Count);
        if (given.Phones.Count > MaxPhones)
        {
            violations.Add("customer.phones", $"must have at most {MaxPhones} numbers; has {given.Phones.Count}");
        }
        else
        {
            for (var i = 0; i < given.Phones.Count; i++)
            {
                if (PhoneNumbers.TryNormalize(given.Phones[i], out var e164, out var phoneError))
                {
                    if (!phones.Contains(e164))
                    {
                        phones.Add(e164);
                    }
                }
                else
                {
                    violations.Add($"customer.phones[{i}]", phoneError!);
                }
            }
        }

        var language = given.Language.Length == 0 ? DefaultLanguage : given.Language;
        if (language is not ("fa" or "en"))
        {
            violations.Add("customer.language", $"must be 'fa' or 'en' (or empty for 'fa'); was '{Shorten(given.Language)}'");
        }

        var timeZone = given.TimeZone.Length == 0 ? DefaultTimeZone : given.TimeZone;
        if (timeZone.Length > MaxCodeLength || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) || !zone.HasIanaId)
        {
            violations.Add("customer.time_zone", $"must be an IANA time zone such as Asia/Tehran; was '{Shorten(given.TimeZone)}'");
        }

        violations.ThrowIfAny();

        var now = _time.GetUtcNow();
        var (stored, created) = await _customers.UpsertCustomerAsync(
            new CustomerRecord(given.CustomerId, name, phones, language, timeZone, now, now), context.CancellationToken).ConfigureAwait(false);
        ApiLog.CustomerUpserted(_logger, stored.CustomerId, created ? "created" : "replaced", ApiKeyInterceptor.IdentityOf(context)?.Name ?? "");
        var customer = new Customer
        {
            CustomerId = stored.CustomerId,
            Name = stored.Name,
            Language = stored.Language,
            TimeZone = stored.TimeZone,
        };
        customer.Phones.AddRange(stored.Phones);
        return new UpsertCustomerResponse { Customer = customer, Created = created };
    }

    private static DateOnly? Date(CivilDate? date, string field, FieldViolations violations)
    {
        if (date is null)
        {
            return null;
        }

        if (date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1 || date.Day > DateTime.DaysInMonth(date.Year, date.Month))
        {
            violations.Add(field, $"is not a valid day: {date.Year:D4}-{date.Month:D2}-{date.Day:D2}");
            return null;
        }

        return new DateOnly(date.Year, date.Month, date.Day);
    }

    private static string? Text(string text, string field, int maxLength, FieldViolations violations)
    {
        if (text.Length > maxLength)
        {
            violations.Add(field, $"must be at most {maxLength} characters; has {text.Length}");
            return null;
        }

        if (text.Any(char.IsControl))
        {
            violations.Add(field, "must not contain control characters");
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static ServiceRequest ToApi(ServiceRequestRecord stored)
    {
        var api = new ServiceRequest
        {
            Number = stored.Number,
            Status = StatusCodes.FromCode(stored.Status),
            TechnicianId = stored.TechnicianId ?? "",
            TechnicianName = stored.TechnicianName ?? "",
            ProductCode = stored.ProductCode ?? "",
            ServiceType = stored.ServiceType ?? "",
            CustomerId = stored.CustomerId ?? "",
            CustomerPhone = stored.CustomerPhone ?? "",
        };
        if (stored.StatusDate is { } statusDate)
        {
            api.StatusDate = new CivilDate { Year = statusDate.Year, Month = statusDate.Month, Day = statusDate.Day };
        }

        if (stored.VisitDate is { } visitDate)
        {
            api.VisitDate = new CivilDate { Year = visitDate.Year, Month = visitDate.Month, Day = visitDate.Day };
        }

        return api;
    }
}
