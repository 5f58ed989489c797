using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MilvusDM.Core.Errors;

namespace MilvusDM.Core.Backup;

/// <summary>
/// The JSON of a backup's manifest and journal: model records as they are, minus computed properties; enums by name;
/// untyped values (default values, keys) tagged with their type so an Int32 default comes back an Int32.
/// Files are written atomically (a temporary file renamed over the old one), so a reader sees the old or the new.
/// </summary>
internal static class BackupJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { Shape } },
    };

    private static void Shape(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        for (int i = info.Properties.Count - 1; i >= 0; i--)
        {
            var p = info.Properties[i];
            // Get-only properties are computed (Rows, PrimaryField…): not stored; PrimaryField would even throw.
            if (p.Set is null && !IsConstructorParameter(info, p)) info.Properties.RemoveAt(i);
            else if (p.PropertyType == typeof(object)) p.CustomConverter = TypedValueConverter.Instance;
        }
    }

    private static bool IsConstructorParameter(JsonTypeInfo info, JsonPropertyInfo p) =>
        info.Type.GetConstructors().Any(c => c.GetParameters().Any(a => string.Equals(a.Name, p.Name, StringComparison.OrdinalIgnoreCase)));

    public static async Task WriteAtomicallyAsync<T>(string path, T value, CancellationToken ct)
    {
        string temp = path + ".tmp";
        await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await JsonSerializer.SerializeAsync(stream, value, Options, ct).ConfigureAwait(false);
            await stream.FlushAsync(ct).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    public static async Task<T> ReadAsync<T>(string path, string errorId, CancellationToken ct)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<T>(stream, Options, ct).ConfigureAwait(false)
                ?? throw new JsonException("The file holds null.");
        }
        catch (JsonException e)
        {
            throw new MilvusDMException(MilvusDMErrorKind.InvalidData, errorId, $"'{path}' cannot be read: {e.Message}",
                "The backup folder is damaged; take the backup again.");
        }
    }

    /// <summary>An untyped value as {"type": "Int64", "value": 42}.</summary>
    private sealed class TypedValueConverter : JsonConverter<object?>
    {
        public static readonly TypedValueConverter Instance = new();

        public override bool HandleNull => true;

        public override void Write(Utf8JsonWriter writer, object? value, JsonSerializerOptions options)
        {
            if (value is null) { writer.WriteNullValue(); return; }
            writer.WriteStartObject();
            writer.WriteString("type", value.GetType().Name);
            writer.WritePropertyName("value");
            JsonSerializer.Serialize(writer, value, value.GetType(), options);
            writer.WriteEndObject();
        }

        public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            using var doc = JsonDocument.ParseValue(ref reader);
            var v = doc.RootElement.GetProperty("value");
            return doc.RootElement.GetProperty("type").GetString() switch
            {
                nameof(Boolean) => v.GetBoolean(),
                nameof(SByte) => v.GetSByte(),
                nameof(Int16) => v.GetInt16(),
                nameof(Int32) => v.GetInt32(),
                nameof(Int64) => v.GetInt64(),
                nameof(Single) => v.GetSingle(),
                nameof(Double) => v.GetDouble(),
                nameof(String) => v.GetString(),
                var t => throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"A value of type '{t}' is not known.")),
            };
        }
    }
}
