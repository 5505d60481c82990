namespace IvrService.Api.Internal;

/// <summary>One period of a report: the instants it covers (cut to the report's range) and its label in the report's calendar.</summary>
internal sealed record ReportSpan(DateTimeOffset Start, DateTimeOffset End, string Label);
