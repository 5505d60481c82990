using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Flows.Definitions;
using IvrService.Storage;
using Microsoft.Extensions.Logging;
using ApiFlowProblem = IvrService.Api.V1.FlowProblem;
using ApiFlowVersion = IvrService.Api.V1.FlowVersion;
using StorageFlowVersion = IvrService.Storage.FlowVersion;

namespace IvrService.Api.Internal;

/// <summary>
/// The Admin service: menus (list, get with YAML, validate, publish, roll back, versions) over the flow version
/// store, judged by the host's <see cref="IFlowValidator"/>; prompts (upload, list, render); the do-not-call list;
/// API keys. Each change is written to the audit log, in the transaction of the change where it is a database one.
/// Survey flows answer UNIMPLEMENTED until their part lands.
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
    private readonly PromptAdministration _prompts;
    private readonly IDoNotCallList _doNotCall;
    private readonly ApiKeyAdministration _keys;
    private readonly TimeProvider _time;
    private readonly ILogger<AdminService> _logger;

    public AdminService(
        IFlowVersionStore flows,
        IFlowValidator validator,
        PromptAdministration prompts,
        IDoNotCallList doNotCall,
        ApiKeyAdministration keys,
        TimeProvider time,
        ILogger<AdminService> logger)
    {
        _flows = flows;
        _validator = validator;
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
        foreach (var flow in await _flows.ListFlowsAsync(context.CancellationToken).ConfigureAwait(false))
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
        if (stored is null)
        {
            throw NotFound(request.FlowId, request.Version == 0 ? null : request.Version);
        }

        return ToApi(kind, stored, withYaml: true);
    }

    public override Task<ValidateFlowResponse> ValidateFlow(ValidateFlowRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        Kind(request.Kind, violations);
        Yaml(request.Yaml, violations);
        var sourceName = SourceName(request.SourceName, violations);
        violations.ThrowIfAny();

        var result = _validator.Validate(request.Yaml, sourceName);
        var response = new ValidateFlowResponse
        {
            Valid = result.Succeeded,
            FlowId = result.Definition?.Id ?? DeclaredFlowId(request.Yaml),
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

        var result = _validator.Validate(request.Yaml, sourceName);
        if (!result.Succeeded || result.Definition is null)
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

        var flowId = result.Definition!.Id;
        if (flowId.Length > MaxFlowIdLength)
        {
            new FieldViolations().Add("yaml", $"{sourceName}: id: a flow id is at most {MaxFlowIdLength} characters").ThrowIfAny();
        }

        var identity = Caller(context);
        var comment = request.Comment.Length == 0 ? null : request.Comment;
        var audit = new AdminAuditEntry(_time.GetUtcNow(), identity.Name, ScopeText(identity.Scope), "menu_published", flowId, null, comment);
        StorageFlowVersion published;
        try
        {
            // The audit row is written in the publish's transaction: no change without its record.
            published = await _flows.PublishAsync(
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
                    ? $"menu '{flowId}' is at version {current}, not {conflict.ExpectedVersion}: someone published since; nothing was stored"
                    : $"menu '{flowId}' has no version yet, not {conflict.ExpectedVersion}; nothing was stored"));
        }

        ApiLog.FlowPublished(_logger, flowId, published.Version, identity.Name);
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

        var identity = Caller(context);
        var audit = new AdminAuditEntry(
            _time.GetUtcNow(), identity.Name, ScopeText(identity.Scope), "menu_rolled_back", request.FlowId, null, request.Comment);
        StorageFlowVersion current;
        int previous;
        try
        {
            (current, previous) = await _flows.RollbackAsync(request.FlowId, request.Version, audit, context.CancellationToken).ConfigureAwait(false);
        }
        catch (FlowVersionNotFoundException)
        {
            throw await _flows.GetCurrentVersionNumberAsync(request.FlowId, context.CancellationToken).ConfigureAwait(false) is null
                ? NotFound(request.FlowId, null)
                : NotFound(request.FlowId, request.Version);
        }

        ApiLog.FlowRolledBack(_logger, request.FlowId, current.Version, previous, identity.Name);
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
        if (versions.Count == 0)
        {
            throw NotFound(request.FlowId, null);
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

    /// <summary>The flow kind of a request: menus are served; surveys are not yet (UNIMPLEMENTED).</summary>
    private static FlowKind Kind(FlowKind kind, FieldViolations violations)
    {
        if (!violations.DefinedEnum(kind, "kind", allowUnspecified: false))
        {
            return kind;
        }

        if (kind == FlowKind.Survey)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "surveys are not served by this server yet; only FLOW_KIND_MENU"));
        }

        return kind;
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

    private static void Comment(string comment, FieldViolations violations)
    {
        if (comment.Length > MaxCommentLength)
        {
            violations.Add("comment", $"must be at most {MaxCommentLength} characters; has {comment.Length}");
        }
    }

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

    private static RpcException NotFound(string flowId, int? version) =>
        new(new Status(
            StatusCode.NotFound,
            version is { } v ? $"menu '{flowId}' has no version {v}" : $"no menu '{flowId}' is stored"));

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
