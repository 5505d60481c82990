using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using IvrService.Api.V1;

namespace IvrService.Benchmarks.Grpc;

/// <summary>
/// The <c>Calls</c> requests the benchmarks send over seeded call records (<see cref="CallSeeder"/>):
/// <c>ListCalls</c> pages of 50 inbound calls of one day that were transferred or left a message (16 days over the
/// seeded span in turn) and <c>GetCall</c> of one call with its steps and key presses (ids spread over the range).
/// </summary>
internal sealed class CallRequests
{
    public const int PageSize = 50;
    private const int Windows = 16;

    private readonly ListCallsRequest[] _lists;
    private readonly SeededCalls _seeded;
    private readonly Metadata _headers;

    public CallRequests(SeededCalls seeded, Metadata headers)
    {
        _seeded = seeded;
        _headers = headers;
        var step = (seeded.To - seeded.From - TimeSpan.FromDays(1)) / Windows;
        _lists = Enumerable.Range(0, Windows).Select(w =>
        {
            var start = seeded.From + (step * w);
            return new ListCallsRequest
            {
                Direction = CallDirection.Inbound,
                Offered = new TimeRange { StartTime = Timestamp.FromDateTimeOffset(start), EndTime = Timestamp.FromDateTimeOffset(start.AddDays(1)) },
                FlowResults = { FlowResult.Transferred, FlowResult.MessageLeft },
                PageSize = PageSize,
            };
        }).ToArray();
    }

    /// <summary>Request <paramref name="i"/> of the ListCalls sequence.</summary>
    public Task ListAsync(Calls.CallsClient client, long i) => client.ListCallsAsync(_lists[i % _lists.Length], _headers).ResponseAsync;

    /// <summary>Request <paramref name="i"/> of the GetCall sequence.</summary>
    public Task GetAsync(Calls.CallsClient client, long i)
    {
        var idCount = _seeded.LastId - _seeded.FirstId + 1;
        return client.GetCallAsync(new GetCallRequest { Id = _seeded.FirstId + (i * 7919 % idCount) }, _headers).ResponseAsync;
    }

    /// <summary>
    /// What one request of each kind carries, checked once (a benchmark of empty answers would flatter): a line for the
    /// report, and whether the answers are full.
    /// </summary>
    public async Task<(string Line, bool Full)> CheckAnswersAsync(Calls.CallsClient client)
    {
        var page = await client.ListCallsAsync(_lists[0], _headers, DateTime.UtcNow.AddSeconds(30));
        var detail = await client.GetCallAsync(new GetCallRequest { Id = _seeded.FirstId + 1 }, _headers, DateTime.UtcNow.AddSeconds(30));
        var line = string.Create(CultureInfo.InvariantCulture,
            $"ListCalls: {page.Calls.Count} calls a page ({page.CalculateSize()} bytes); GetCall: {detail.Steps.Count} steps, {detail.Digits.Count} key presses ({detail.CalculateSize()} bytes)");
        return (line, page.Calls.Count == PageSize && detail.Steps.Count > 0);
    }
}
