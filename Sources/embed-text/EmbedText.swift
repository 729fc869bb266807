// embed-text: the build tool behind the EmbedOpenAPI plugin. Writes a text file into a Swift source
// file as `enum NAME { static let text: String }`, a raw multi-line string literal holding the exact
// text. Hand-written because it is twenty lines and the build must not depend on anything else.
import Foundation

@main
struct EmbedText {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 5 else {
            fail("usage: embed-text INPUT OUTPUT TYPE-NAME LABEL")
        }
        let (input, output, typeName, label) = (arguments[1], arguments[2], arguments[3], arguments[4])
        let data = try Data(contentsOf: URL(fileURLWithPath: input))
        guard let text = String(data: data, encoding: .utf8), Array(text.utf8) == Array(data) else {
            fail("\(input) is not UTF-8 text")
        }
        // A multi-line literal turns CR LF into LF, so the bytes would not survive: refuse rather than alter.
        guard !text.contains("\r") else { fail("\(input) has carriage returns; save it with LF line ends") }
        // Enough `#`s that neither the closing delimiter nor an escape can occur in the text.
        var hashes = "#"
        while text.contains("\"\"\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
        let source = """
            // Generated at build time by embed-text from \(label); do not edit.

            /// The text of `\(label)` as it was when this module was built.
            enum \(typeName) {
                /// The file's text, byte for byte.
                static let text: String = \(hashes)\"\"\"
            \(text)
            \"\"\"\(hashes)
            }

            """
        try Data(source.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("embed-text: \(message)\n".utf8))
        exit(1)
    }
}
