using MilvusDM.Core.Milvus;

namespace MilvusDM.PowerShell.Internal;

/// <summary>Tells -Verbose about every retried call (rate limits, an unavailable server) while a command uses a connection.</summary>
internal static class RetryLog
{
    public static IDisposable Watch(MilvusClient client, Action<string> verbose)
    {
        void OnRetry(object? sender, RetryEventArgs e) =>
            verbose($"Milvus {e.Rpc} at {client.Address} failed ({e.Failure.Reason}); retry {e.Attempt} of {client.Options.Retry.MaxAttempts - 1}.");
        client.RetryAttempted += OnRetry;
        return new Subscription(() => client.RetryAttempted -= OnRetry);
    }

    private sealed class Subscription(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
