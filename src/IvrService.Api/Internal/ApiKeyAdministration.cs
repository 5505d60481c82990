using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Storage;
using Microsoft.Extensions.Logging;
using ApiKeyMessage = IvrService.Api.V1.ApiKey;

namespace IvrService.Api.Internal;

/// <summary>
/// The API key methods of the Admin service: keys created here live in the database as SHA-256 hashes (the key itself
/// is shown once, to the creator); keys of the settings are listed beside them but only the settings change them.
/// A create or revoke takes effect on this instance at once.
/// </summary>
internal sealed class ApiKeyAdministration
{
    public const int MaxNameLength = 64;

    private readonly IApiKeyRecordStore _records;
    private readonly ConfiguredApiKeyStore _settings;
    private readonly LayeredApiKeyStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiKeyAdministration> _logger;

    public ApiKeyAdministration(
        IApiKeyRecordStore records, ConfiguredApiKeyStore settings, LayeredApiKeyStore store, TimeProvider time, ILogger<ApiKeyAdministration> logger)
    {
        _records = records;
        _settings = settings;
        _store = store;
        _time = time;
        _logger = logger;
    }

    public async Task<CreateApiKeyResponse> CreateAsync(CreateApiKeyRequest request, ApiKeyIdentity caller, CancellationToken cancellationToken)
    {
        var violations = new FieldViolations();
        Name(request.Name, violations);
        violations.DefinedEnum(request.Scope, "scope", allowUnspecified: false);
        violations.ThrowIfAny();

        if (_settings.Identities.Any(k => string.Equals(k.Name, request.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw AlreadyExists(request.Name, "a key of the settings (Api:Keys)");
        }

        var scope = request.Scope == ApiKeyScope.Admin ? ApiScope.Admin : ApiScope.Integrator;
        var secret = ApiKeyHash.NewKey();
        var now = _time.GetUtcNow();
        var audit = new AdminAuditEntry(now, caller.Name, LayeredApiKeyStore.TextOf(caller.Scope), "api_key_created", request.Name, null,
            "scope " + LayeredApiKeyStore.TextOf(scope));
        var created = await _records.CreateAsync(
            new ApiKeyRecord(request.Name, LayeredApiKeyStore.TextOf(scope), ApiKeyHash.Compute(secret), now, caller.Name, null),
            audit,
            cancellationToken).ConfigureAwait(false)
            ?? throw AlreadyExists(request.Name, "a key");
        _store.Invalidate();
        ApiLog.ApiKeyCreated(_logger, created.Name, scope, caller.Name);
        return new CreateApiKeyResponse { Key = ToApi(created), Secret = secret };
    }

    public async Task<RevokeApiKeyResponse> RevokeAsync(RevokeApiKeyRequest request, ApiKeyIdentity caller, CancellationToken cancellationToken)
    {
        var violations = new FieldViolations();
        if (request.Name.Length == 0)
        {
            violations.Add("name", "must be given");
        }
        else
        {
            // No key that can be revoked here has a longer name or one with control characters (PostgreSQL text holds no NUL).
            violations.Identifier(request.Name, "name", MaxNameLength);
        }

        violations.ThrowIfAny();
        var now = _time.GetUtcNow();
        var audit = new AdminAuditEntry(now, caller.Name, LayeredApiKeyStore.TextOf(caller.Scope), "api_key_revoked", request.Name, null, null);
        var revoked = await _records.RevokeAsync(request.Name, now, caller.Name, audit, cancellationToken).ConfigureAwait(false);
        if (revoked is null)
        {
            var configured = _settings.Identities.Any(k => k.Name == request.Name);
            throw new RpcException(new Status(
                StatusCode.NotFound,
                configured
                    ? $"'{request.Name}' is a key of the settings (Api:Keys): remove it there; only keys created through the API are revoked here"
                    : $"no API key named '{request.Name}' is in force"));
        }

        _store.Invalidate();
        ApiLog.ApiKeyRevoked(_logger, revoked.Name, caller.Name);
        return new RevokeApiKeyResponse { Key = ToApi(revoked) };
    }

    public async Task<ListApiKeysResponse> ListAsync(CancellationToken cancellationToken)
    {
        var keys = new List<ApiKeyMessage>();
        foreach (var configured in _settings.Identities)
        {
            keys.Add(new ApiKeyMessage
            {
                Name = configured.Name,
                Scope = configured.Scope == ApiScope.Admin ? ApiKeyScope.Admin : ApiKeyScope.Integrator,
                FromSettings = true,
            });
        }

        foreach (var record in await _records.ListActiveAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(ToApi(record));
        }

        var response = new ListApiKeysResponse();
        response.Keys.AddRange(keys.OrderBy(k => k.Name, StringComparer.Ordinal).ThenBy(k => k.FromSettings ? 0 : 1));
        return response;
    }

    private static void Name(string name, FieldViolations violations)
    {
        if (name.Length == 0)
        {
            violations.Add("name", "must be given");
        }
        else if (name.Length > MaxNameLength)
        {
            violations.Add("name", $"must be at most {MaxNameLength} characters; has {name.Length}");
        }
        else if (name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            violations.Add("name", "must not contain spaces or control characters");
        }
    }

    private static RpcException AlreadyExists(string name, string what) =>
        new(new Status(StatusCode.AlreadyExists, $"{what} named '{name}' is already in force; choose another name or revoke it first"));

    private static ApiKeyMessage ToApi(ApiKeyRecord record) =>
        new()
        {
            Name = record.Name,
            Scope = LayeredApiKeyStore.ScopeOf(record.Scope) == ApiScope.Admin ? ApiKeyScope.Admin : ApiKeyScope.Integrator,
            CreatedAt = Timestamp.FromDateTimeOffset(record.CreatedAt),
        };
}
