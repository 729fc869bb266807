// A build-tool plugin that embeds api-spec/openapi.yaml in BacktestService as Swift source, so the
// binary serves the contract it was built from (no resource bundle to ship beside it, no file read at
// run time) while the YAML stays the single source of truth at the top of the repository. It runs
// `embed-text`, which writes the text as a raw string literal: that compiles in well under a second,
// where SwiftPM's `.embedInCode` resources (an array of byte literals) took some 20 s for 75 kB.
import Foundation
import PackagePlugin

@main
struct EmbedOpenAPI: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let input = context.package.directoryURL.appending(components: "api-spec", "openapi.yaml")
        let output = context.pluginWorkDirectoryURL.appending(component: "OpenAPISource.swift")
        return [
            .buildCommand(
                displayName: "Embedding api-spec/openapi.yaml in \(target.name)",
                executable: try context.tool(named: "embed-text").url,
                arguments: [input.path, output.path, "OpenAPISource", "api-spec/openapi.yaml"],
                inputFiles: [input],
                outputFiles: [output]
            )
        ]
    }
}
