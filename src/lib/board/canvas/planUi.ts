// The canvas chunk's part of "turn notes into plan items" (React): the command in tldraw's action
// list (keyboard shortcut Alt+P) and on the selection's context menu. The choice of target and the
// conversion itself are the board's (CanvasPlanPanel.svelte, convert.ts).
import { createElement as h } from 'react';
import {
	DefaultContextMenu,
	DefaultContextMenuContent,
	TldrawUiMenuGroup,
	TldrawUiMenuItem,
	useActions,
	useEditor,
	useValue,
	type Editor,
	type TLUiActionsContextType,
	type TLUiContextMenuProps
} from 'tldraw';

export const CONVERT_ACTION = 'tandem.convert-notes';
export const CONVERT_KBD = 'alt+p';

const selectedNotes = (editor: Editor): string[] => editor.getSelectedShapes().filter((s) => s.type === 'note').map((s) => s.id);

/** Adds the command to tldraw's actions; `onConvert` gets the selected notes' ids. */
export function addConvertAction(editor: Editor, actions: TLUiActionsContextType, onConvert: (noteIds: string[]) => void): TLUiActionsContextType {
	actions[CONVERT_ACTION] = {
		id: CONVERT_ACTION,
		label: 'Turn into plan item…' as never,
		kbd: CONVERT_KBD,
		onSelect() {
			const ids = selectedNotes(editor);
			if (ids.length) onConvert(ids);
		}
	};
	return actions;
}

/** tldraw's context menu with the command first while the selection holds sticky notes. */
export function PlanContextMenu(props: TLUiContextMenuProps) {
	const editor = useEditor();
	const actions = useActions();
	const hasNotes = useValue('selected notes', () => selectedNotes(editor).length > 0, [editor]);
	const item = actions[CONVERT_ACTION];
	return h(
		DefaultContextMenu,
		props,
		hasNotes && item ? h(TldrawUiMenuGroup, { id: 'tandem-plan' }, h(TldrawUiMenuItem as never, item as never)) : null,
		h(DefaultContextMenuContent, null)
	);
}
