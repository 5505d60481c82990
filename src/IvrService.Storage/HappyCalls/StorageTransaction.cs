using System.Transactions;

namespace IvrService.Storage.HappyCalls;

/// <summary>
/// The one way happy-call writes open a transaction: an ambient <see cref="TransactionScope"/> at READ COMMITTED
/// that joins the caller's scope when there is one. A scheduler can so put a store write and the Hangfire job it
/// creates (Hangfire's connections come from the same data source) in one PostgreSQL transaction: Npgsql hands a
/// connection closed inside the scope back to the next open of the same data source, so nothing escalates.
/// </summary>
public static class StorageTransaction
{
    public static TransactionScope Begin() => new(
        TransactionScopeOption.Required,
        new TransactionOptions { IsolationLevel = IsolationLevel.ReadCommitted, Timeout = TimeSpan.FromSeconds(30) },
        TransactionScopeAsyncFlowOption.Enabled);
}
