using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Flows.Definitions;
using IvrService.HappyCalls;
using IvrService.Storage;
using Microsoft.Extensions.Logging;
using ApiFlowProblem = IvrService.Api.V1.FlowProblem;
using ApiFlowVersion = IvrService.Api.V1.FlowVersion;
using StorageFlowVersion = IvrService.Storage.FlowVersion;

namespace IvrService.Api.Internal;

/// <summary>
/// The Admin service: menus and surveys (list, get with YAML, validate, publish, roll back, versions) over the flow
/// version store, menus judged by the host's <see cref="IFlowValidator"/> and surveys by <see cref="SurveyDefinitions"/>;
/// prompts (upload, list, render); the do-not-call list; API keys; test survey calls. Each change is written to the
/// audit log, in the transaction of the change where it is a database one.
/// </summary>
internal sealed partial class AdminService : Admin.AdminBase
{
    /// <summary>Largest YAML definition accepted, in UTF-8 bytes.</summary>
    public const int MaxYamlBytes = 1024 * 1024;

    private const int MaxFlowIdLength = 100;
    private const int MaxCommentLength = 500;
    private const int MaxSourceNameLength = 200;
    private const int MaxVersionsPageSize = 1000;
    private const string DefaultSourceName = "request";

    private readonly IFlowVersionStore _flows;
    private readonly IFlowValidator _validator;
    private readonly SurveyDefinitions _surveys;
    private readonly IHappyCallScheduler _scheduler;
    private readonly IAdminAuditLog _audit;
    private readonly PromptAdministration _prompts;
    private readonly IDoNotCallList _doNotCall;
    private readonly ApiKeyAdministration _keys;
    private readonly TimeProvider _time;
    private readonly ILogger<AdminService> _logger;

    public AdminService(
        IFlowVersionStore flows,
        IFlowValidator validator,
        SurveyDefinitions surveys,
        IHappyCallScheduler scheduler,
        IAdminAuditLog audit,
        PromptAdministration prompts,
        IDoNotCallList doNotCall,
        ApiKeyAdministration keys,
        TimeProvider time,
        ILogger<AdminService> logger)
    {
        _flows = flows;
        _validator = validator;
        _surveys = surveys;
        _scheduler = scheduler;
        _audit = audit;
        _prompts = prompts;
        _doNotCall = doNotCall;
        _keys = keys;
        _time = time;
        _logger = logger;
    }

    public override async Task<ListFlowsResponse> ListFlows(ListFlowsRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var kind = Kind(request.Kind, violations);
        violations.ThrowIfAny();

        var response = new ListFlowsResponse();
        foreach (var flow in await _flows.ListFlowsAsync(Stored(kind), context.CancellationToken).ConfigureAwait(false))
        {
            response.Flows.Add(new V1.FlowSummary
            {
                Kind = kind,
                FlowId = flow.FlowId,
                CurrentVersion = flow.CurrentVersion,
                VersionCount = flow.LatestVersion,
                ChangedAt = Timestamp.FromDateTimeOffset(flow.ChangedAt),
            });
        }

        return response;
    }

    public override async Task<ApiFlowVersion> GetFlow(GetFlowRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var kind = Kind(request.Kind, violations);
        FlowId(request.FlowId, violations);
        if (request.Version < 0)
        {
            violations.Add("version", $"must be 0 (the current version) or a version number; was {request.Version}");
        }

        violations.ThrowIfAny();

        var stored = request.Version == 0
            ? await _flows.GetCurrentAsync(request.FlowId, context.CancellationToken).ConfigureAwait(false)
            : await _flows.GetAsync(request.FlowId, request.Version, context.CancellationToken).ConfigureAwait(false);
        if (stored is null || stored.Kind != Stored(kind))
        {
            throw await NotFoundAsync(kind, request.FlowId, request.Version == 0 ? null : request.Version, context.CancellationToken).ConfigureAwait(false);
        }

        return ToApi(kind, stored, withYaml: true);
    }

    public override Task<ValidateFlowResponse> ValidateFlow(ValidateFlowRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var kind = Kind(request.Kind, violations);
        Yaml(request.Yaml, violations);
        var sourceName = SourceName(request.SourceName, violations);
        violations.ThrowIfAny();

        var result = Check(kind, request.Yaml, sourceName);
        var response = new ValidateFlowResponse
        {
            Valid = result.FlowId is not null,
            FlowId = result.FlowId ?? DeclaredFlowId(request.Yaml),
        };
        foreach (var problem in result.Problems)
        {
            response.Problems.Add(ToApi(problem));
        }

        return Task.FromResult(response);
    }

    public override async Task<PublishFlowResponse> PublishFlow(PublishFlowRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var kind = Kind(request.Kind, violations);
        Yaml(request.Yaml, violations);
        Comment(request.Comment, violations);
        var sourceName = SourceName(request.SourceName, violations);
        if (request.ExpectedCurrentVersion < 0)
        {
            violations.Add("expected_current_version", $"must be 0 (any) or a version number; was {request.ExpectedCurrentVersion}");
        }

        violations.ThrowIfAny();

        var result = Check(kind, request.Yaml, sourceName);
        if (result.FlowId is null)
        {
            // Nothing is stored: the current version stays what it was.
            var problems = new FieldViolations();
            foreach (var problem in result.Problems)
            {
                problems.Add("yaml", problem.ToString());
            }

            if (!problems.HasAny)
            {
                problems.Add("yaml", $"{sourceName}: the definition could not be read");
            }

            problems.ThrowIfAny();
        }

        var flowId = result.FlowId!;
        var word = KindWord(kind);
        if (flowId.Length > MaxFlowIdLength)
        {
            new FieldViolations().Add("yaml", $"{sourceName}: id: a flow id is at most {MaxFlowIdLength} characters").ThrowIfAny();
        }

        var identity = Caller(context);
        var comment = request.Comment.Length == 0 ? null : request.Comment;
        var audit = new AdminAuditEntry(_time.GetUtcNow(), identity.Name, ScopeText(identity.Scope), word + "_published", flowId, null, comment);
        StorageFlowVersion published;
        try
        {
            // The audit row is written in the publish's transaction: no change without its record.
            published = await _flows.PublishAsync(
                Stored(kind),
                flowId,
                request.Yaml,
                sourceName,
                identity.Name,
                comment,
                request.ExpectedCurrentVersion == 0 ? null : request.ExpectedCurrentVersion,
                audit,
                context.CancellationToken).ConfigureAwait(false);
        }
        catch (FlowVersionConflictException conflict)
        {
            throw new RpcException(new Status(
                StatusCode.Aborted,
                conflict.CurrentVersion is { } current
                    ? $"{word} '{flowId}' is at version {current}, not {conflict.ExpectedVersion}: someone published since; nothing was stored"
                    : $"{word} '{flowId}' has no version yet, not {conflict.ExpectedVersion}; nothing was stored"));
        }
        catch (FlowKindMismatchException mismatch)
        {
            throw new RpcException(new Status(
                StatusCode.FailedPrecondition,
                $"'{flowId}' is a {FlowKindMismatchException.Name(mismatch.StoredKind)}, so it cannot be published as a {word}; nothing was stored"));
        }

        ApiLog.FlowPublished(_logger, word, flowId, published.Version, identity.Name);
        return new PublishFlowResponse { Version = ToApi(kind, published, withYaml: true) };
    }

    public override async Task<RollbackFlowResponse> RollbackFlow(RollbackFlowRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var kind = Kind(request.Kind, violations);
        FlowId(request.FlowId, violations);
        if (request.Version <= 0)
        {
            violations.Add("version", $"must be a version number (1 or more); was {request.Version}");
        }

        Comment(request.Comment, violations);
        violations.ThrowIfAny();

        if (await _flows.GetKindAsync(request.FlowId, context.CancellationToken).ConfigureAwait(false) != Stored(kind))
        {
            throw await NotFoundAsync(kind, request.FlowId, null, context.CancellationToken).ConfigureAwait(false);
        }

        var identity = Caller(context);
        var word = KindWord(kind);
        var audit = new AdminAuditEntry(
            _time.GetUtcNow(), identity.Name, ScopeText(identity.Scope), word + "_rolled_back", request.FlowId, null, request.Comment);
        StorageFlowVersion current;
        int previous;
        try
        {
            (current, previous) = await _flows.RollbackAsync(request.FlowId, request.Version, audit, context.CancellationToken).ConfigureAwait(false);
        }
        catch (FlowVersionNotFoundException)
        {
            throw await NotFoundAsync(
                kind,
                request.FlowId,
                await _flows.GetCurrentVersionNumberAsync(request.FlowId, context.CancellationToken).ConfigureAwait(false) is null ? null : request.Version,
                context.CancellationToken).ConfigureAwait(false);
        }

        ApiLog.FlowRolledBack(_logger, word, request.FlowId, current.Version, previous, identity.Name);
        return new RollbackFlowResponse { Version = ToApi(kind, current, withYaml: true), PreviousVersion = previous };
    }

    public override async Task<ListFlowVersionsResponse> ListFlowVersions(ListFlowVersionsRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var kind = Kind(request.Kind, violations);
        FlowId(request.FlowId, violations);
        var pageSize = violations.PageSize(request.PageSize, MaxVersionsPageSize);
        var below = int.MaxValue;
        if (request.PageToken.Length > 0 && request.FlowId.Length > 0
            && !FlowVersionPageToken.TryDecode(request.PageToken, request.FlowId, out below, out var tokenError))
        {
            violations.Add("page_token", tokenError!);
        }

        violations.ThrowIfAny();

        var versions = await _flows.ListVersionsAsync(request.FlowId, context.CancellationToken).ConfigureAwait(false);
        if (versions.Count == 0 || versions[0].Kind != Stored(kind))
        {
            throw await NotFoundAsync(kind, request.FlowId, null, context.CancellationToken).ConfigureAwait(false);
        }

        var response = new ListFlowVersionsResponse();
        foreach (var version in versions)
        {
            if (version.Version >= below)
            {
                continue;
            }

            if (response.Versions.Count == pageSize)
            {
                response.NextPageToken = FlowVersionPageToken.Encode(request.FlowId, response.Versions[^1].Version);
                break;
            }

            response.Versions.Add(ToApi(kind, version, withYaml: false));
        }

        return response;
    }

    /// <summary>The flow kind of a request: menu or survey (unspecified and unknown values are violations of <c>kind</c>).</summary>
    private static FlowKind Kind(FlowKind kind, FieldViolations violations)
    {
        violations.DefinedEnum(kind, "kind", allowUnspecified: false);
        return kind;
    }

    private static DefinitionKind Stored(FlowKind kind) => kind == FlowKind.Survey ? DefinitionKind.Survey : DefinitionKind.Menu;

    private static string KindWord(FlowKind kind) => FlowKindMismatchException.Name(Stored(kind));

    /// <summary>
    /// A definition checked as its kind: a menu by the host's validator (prompts and transfer allow-list), a survey by
    /// the survey rules against the prompt catalog. The flow id is null when there is any problem.
    /// </summary>
    private (string? FlowId, IReadOnlyList<Flows.Definitions.FlowProblem> Problems) Check(FlowKind kind, string yaml, string sourceName)
    {
        if (kind == FlowKind.Survey)
        {
            var survey = _surveys.Validate(yaml, sourceName);
            return (survey.Succeeded ? survey.Definition!.Id : null, survey.Problems);
        }

        var menu = _validator.Validate(yaml, sourceName);
        return (menu.Succeeded && menu.Definition is not null ? menu.Definition.Id : null, menu.Problems);
    }

    private static void FlowId(string flowId, FieldViolations violations)
    {
        if (flowId.Length == 0)
        {
            violations.Add("flow_id", "must be given");
        }
        else if (flowId.Length > MaxFlowIdLength || flowId.Any(char.IsControl))
        {
            violations.Add("flow_id", $"must be at most {MaxFlowIdLength} characters without control characters");
        }
    }

    private static void Yaml(string yaml, FieldViolations violations)
    {
        if (string.IsNullOrWhiteSpace(yaml))
        {
            violations.Add("yaml", "must be given");
        }
        else if (Encoding.UTF8.GetByteCount(yaml) > MaxYamlBytes)
        {
            violations.Add("yaml", $"must be at most {MaxYamlBytes} bytes (1 MiB) of UTF-8");
        }
    }

    private static void Comment(string comment, FieldViolations violations) =>
        violations.FreeText(comment, "comment", MaxCommentLength);

    private static string SourceName(string sourceName, FieldViolations violations)
    {
        if (sourceName.Length > MaxSourceNameLength || sourceName.Any(char.IsControl))
        {
            violations.Add("source_name", $"must be at most {MaxSourceNameLength} characters without control characters");
            return DefaultSourceName;
        }

        return sourceName.Trim().Length == 0 ? DefaultSourceName : sourceName.Trim();
    }

    /// <summary>The <c>id:</c> a definition declares at its top level, for a definition that does not load.</summary>
    private static string DeclaredFlowId(string yaml)
    {
        var match = DeclaredIdPattern().Match(yaml);
        return match.Success ? match.Groups["id"].Value.Trim('"', '\'') : "";
    }

    [GeneratedRegex(@"^id:[ \t]*(?<id>[^\s#]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DeclaredIdPattern();

    private static ApiKeyIdentity Caller(ServerCallContext context) =>
        ApiKeyInterceptor.IdentityOf(context)
        ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "the request was not authenticated"));

    private static string ScopeText(ApiScope scope) => scope == ApiScope.Admin ? "admin" : "integrator";

    /// <summary>NOT_FOUND for a flow of <paramref name="kind"/> (or its version), saying so when the id is a flow of the other kind.</summary>
    private async Task<RpcException> NotFoundAsync(FlowKind kind, string flowId, int? version, CancellationToken cancellationToken)
    {
        var word = KindWord(kind);
        var stored = await _flows.GetKindAsync(flowId, cancellationToken).ConfigureAwait(false);
        var message = stored is { } other && other != Stored(kind)
            ? $"no {word} '{flowId}' is stored; '{flowId}' is a {FlowKindMismatchException.Name(other)}"
            : version is { } v ? $"{word} '{flowId}' has no version {v}" : $"no {word} '{flowId}' is stored";
        return new RpcException(new Status(StatusCode.NotFound, message));
    }

    private static ApiFlowVersion ToApi(FlowKind kind, StorageFlowVersion version, bool withYaml) =>
        new()
        {
            Kind = kind,
            FlowId = version.FlowId,
            Version = version.Version,
            Current = version.IsCurrent,
            Yaml = withYaml ? version.Yaml : "",
            PublishedAt = Timestamp.FromDateTimeOffset(version.PublishedAt),
            PublishedBy = version.PublishedBy,
            Comment = version.Comment ?? "",
            SourceName = version.SourceName,
        };

    private static ApiFlowProblem ToApi(Flows.Definitions.FlowProblem problem) =>
        new()
        {
            Severity = ProblemSeverity.Error,
            Message = problem.Reason,
            Path = problem.NodePath,
            Line = problem.Location?.Line ?? 0,
            Column = problem.Location?.Column ?? 0,
        };
}
