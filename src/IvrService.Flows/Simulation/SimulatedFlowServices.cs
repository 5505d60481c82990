using System.Globalization;
using IvrService.Flows.Definitions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IvrService.Flows.Simulation;

/// <summary>
/// The flow's data kept in memory for the simulator: a few sample service requests (or those of a data file),
/// and the requests, voice messages and callback requests a simulated call creates.
/// </summary>
public sealed class SimulatedFlowServices : IFlowServices
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ServiceRequestInfo> _requests = new(StringComparer.Ordinal);
    private readonly List<NewServiceRequest> _created = [];
    private readonly List<VoiceMessageEntry> _messages = [];
    private readonly List<CallbackEntry> _callbacks = [];
    private int _nextRequest = 100001;

    /// <summary>Services holding the sample requests 12345 (in progress), 23456 (visit scheduled) and 34567 (completed).</summary>
    public SimulatedFlowServices()
    {
        Add(new ServiceRequestInfo("12345", "in_progress", new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 5), "Reza Ahmadi", "4711"));
        Add(new ServiceRequestInfo("23456", "scheduled", new DateOnly(2025, 3, 2), new DateOnly(2025, 3, 9), "Sara Karimi", "5820"));
        Add(new ServiceRequestInfo("34567", "completed", new DateOnly(2025, 2, 20), new DateOnly(2025, 2, 18), "Ali Rahimi", "6931"));
    }

    public IReadOnlyCollection<ServiceRequestInfo> ServiceRequests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests.Values];
            }
        }
    }

    public IReadOnlyList<NewServiceRequest> CreatedRequests => _created;

    public IReadOnlyList<VoiceMessageEntry> VoiceMessages => _messages;

    public IReadOnlyList<CallbackEntry> Callbacks => _callbacks;

    /// <summary>
    /// Adds (or replaces) the service requests of a data file:
    /// <c>service_requests: [ { number, status, status_date, visit_date, technician, product_code } ]</c>,
    /// dates as yyyy-MM-dd.
    /// </summary>
    /// <exception cref="FormatException">The file is not of that shape; the message names the file, line and column.</exception>
    public void AddFromYaml(string yaml, string sourceName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException error)
        {
            throw new FormatException($"{sourceName}:{error.Start.Line}:{error.Start.Column}: {error.Message}", error);
        }

        if (stream.Documents.Count == 0)
        {
            return;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw Problem(sourceName, stream.Documents[0].RootNode, "the data file must be a mapping with 'service_requests'");
        }

        foreach (var (key, value) in root.Children)
        {
            var name = ((YamlScalarNode)key).Value;
            if (name != "service_requests")
            {
                throw Problem(sourceName, key, $"unknown key '{name}' (expected 'service_requests')");
            }

            if (value is not YamlSequenceNode list)
            {
                throw Problem(sourceName, value, "'service_requests' must be a list");
            }

            foreach (var item in list)
            {
                Add(ReadRequest(sourceName, item));
            }
        }
    }

    public void Add(ServiceRequestInfo request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            _requests[request.Number] = request;
        }
    }

    public Task<ServiceRequestInfo?> FindServiceRequestAsync(string requestNumber, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_requests.GetValueOrDefault(requestNumber));
        }
    }

    public Task<string> CreateServiceRequestAsync(NewServiceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var number = (_nextRequest++).ToString(CultureInfo.InvariantCulture);
            _created.Add(request);
            _requests[number] = new ServiceRequestInfo(number, "registered", null, null, null, request.ProductCode);
            return Task.FromResult(number);
        }
    }

    public Task<string> SaveVoiceMessageAsync(VoiceMessageEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _messages.Add(entry);
            return Task.FromResult("message-" + _messages.Count.ToString(CultureInfo.InvariantCulture));
        }
    }

    public Task<string> SaveCallbackRequestAsync(CallbackEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _callbacks.Add(entry);
            return Task.FromResult("callback-" + _callbacks.Count.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static ServiceRequestInfo ReadRequest(string sourceName, YamlNode item)
    {
        if (item is not YamlMappingNode fields)
        {
            throw Problem(sourceName, item, "a service request must be a mapping");
        }

        string? number = null, status = null, technician = null, productCode = null;
        DateOnly? statusDate = null, visitDate = null;
        foreach (var (key, value) in fields.Children)
        {
            var name = ((YamlScalarNode)key).Value;
            var text = value is YamlScalarNode scalar ? scalar.Value : throw Problem(sourceName, value, $"'{name}' must be a single value");
            switch (name)
            {
                case "number":
                    number = text;
                    break;
                case "status":
                    status = text;
                    break;
                case "status_date":
                    statusDate = ReadDate(sourceName, value, name, text);
                    break;
                case "visit_date":
                    visitDate = ReadDate(sourceName, value, name, text);
                    break;
                case "technician":
                    technician = text;
                    break;
                case "product_code":
                    productCode = text;
                    break;
                default:
                    throw Problem(sourceName, key, $"unknown field '{name}' (number, status, status_date, visit_date, technician, product_code)");
            }
        }

        if (string.IsNullOrEmpty(number) || string.IsNullOrEmpty(status))
        {
            throw Problem(sourceName, item, "a service request needs 'number' and 'status'");
        }

        return new ServiceRequestInfo(number, status, statusDate, visitDate, technician, productCode);
    }

    private static DateOnly ReadDate(string sourceName, YamlNode node, string name, string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Problem(sourceName, node, $"'{name}' must be a date yyyy-MM-dd, not '{text}'");

    private static FormatException Problem(string sourceName, YamlNode node, string reason) =>
        new($"{sourceName}:{new SourceLocation((int)node.Start.Line, (int)node.Start.Column)}: {reason}");
}
